// Counts Content-Security-Policy violations from the first moment of the page
// (a strict policy forbids inline scripts, so this is a file of its own, the page's first).
// A test may already count from before the first byte (a CDP script): then it adds nothing.
if (!window.cspViolations) {
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample || "?"}`);
  });
}
