// The gallery's popup window: greets its opener and answers what it is told.
const last = document.getElementById("last");
window.addEventListener("message", (event) => {
  if (event.origin !== location.origin) return;
  last.textContent = `The page said: ${event.data}`;
  event.source.postMessage(`popup got "${event.data}"`, location.origin);
});
window.opener?.postMessage("popup ready", location.origin);
