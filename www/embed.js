// embed.html's one button: taking the element out of the page unmounts its component.
document.getElementById("remove-clock").addEventListener("click", () => {
  document.getElementById("clock-app")?.remove();
});
