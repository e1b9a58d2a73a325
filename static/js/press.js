// The press table's "Copy text" button: copies the text of the field it names
// (data-copy-from) and says so in the status next to it. The button stays
// hidden without JavaScript; the read-only field can be copied by hand.
(function () {
  "use strict";

  function copyBySelection(field) {
    // Older browsers and pages not served over HTTPS have no Clipboard API.
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-copy-from]").forEach((button) => {
      const field = document.getElementById(button.dataset.copyFrom);
      const status = button.parentElement.querySelector("[data-copy-status]");
      if (!field) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", async () => {
        let copied = false;
        try {
          if (navigator.clipboard && window.isSecureContext) {
            await navigator.clipboard.writeText(field.value);
            copied = true;
          } else {
            copied = copyBySelection(field);
          }
        } catch (error) {
          copied = copyBySelection(field);
        }
        if (status) {
          status.textContent = copied ? button.dataset.copied : button.dataset.copyFailed;
        }
      });
    });
  });
})();
