// Counts Content-Security-Policy violations from the first moment of the page
// (a strict policy forbids inline scripts, so this is a file of its own).
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample || "?"}`);
});
