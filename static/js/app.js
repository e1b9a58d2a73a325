// Site-wide behaviour: open on wide screens the sections a phone keeps closed
// (<details data-open-wide>), and bring a confirmation that htmx swapped in
// into view. Without JavaScript the sections open on a tap.
(function () {
  "use strict";

  const WIDE = window.matchMedia("(min-width: 992px)");

  function openWide(root) {
    if (WIDE.matches) {
      root.querySelectorAll("details[data-open-wide]").forEach((details) => {
        details.open = true;
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    openWide(document);
    document.body.addEventListener("htmx:load", (event) => openWide(event.detail.elt));
    document.body.addEventListener("htmx:afterSettle", () => {
      const note = document.querySelector("[data-scroll-into-view]");
      if (note) {
        note.scrollIntoView({ block: "nearest" });
      }
    });
  });
})();
