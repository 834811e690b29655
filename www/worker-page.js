// worker.html's own script: a frame counter on the page's main thread (it stops when
// the main thread is blocked; in worker mode it never is), and the plain input's log.
const frames = document.getElementById("frames");
let count = 0;
const tick = () => {
  count += 1;
  frames.value = String(count);
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
window.framesDrawn = () => count;
