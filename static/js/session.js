// The idle session's end: a warning shortly before it with "Stay logged in",
// and the login page once it has passed. The server ends the session on its
// own (SESSION_COOKIE_AGE); this only tells the user in time. Every request of
// the page (a form, htmx, the button) renews the session and so the timers.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", () => {
    const body = document.body;
    const idle = Number(body.dataset.sessionIdle);
    const warning = Number(body.dataset.sessionWarning);
    const dialog = document.getElementById("session-warning");
    if (!idle || !dialog) {
      return;
    }
    const modal = bootstrap.Modal.getOrCreateInstance(dialog);
    const form = dialog.querySelector("form");
    let warnTimer = 0;
    let endTimer = 0;

    function toLogin() {
      const next = window.location.pathname + window.location.search;
      window.location.assign(`${body.dataset.loginUrl}?next=${encodeURIComponent(next)}`);
    }

    function restart() {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(() => modal.show(), Math.max(idle - warning, 0) * 1000);
      endTimer = setTimeout(toLogin, idle * 1000);
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          redirect: "manual",
        });
        if (response.status !== 204) {
          toLogin();
          return;
        }
      } catch {
        // Offline: keep the warning open; the timer still ends at the idle end.
        return;
      }
      modal.hide();
      restart();
    });
    body.addEventListener("htmx:afterRequest", restart);
    restart();
  });
})();
