// A participant's link to continue: select it all when focused, and copy it with the "Copy" button (shown only
// where this script runs).
document.querySelectorAll("[data-copy]").forEach((button) => {
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  input.addEventListener("focus", () => input.select());
  button.hidden = false;
  button.addEventListener("click", async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      document.execCommand("copy"); // no clipboard API outside HTTPS
    }
    button.textContent = button.dataset.copied;
  });
});
