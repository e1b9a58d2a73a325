// Case forms: show a field only when another field's value makes it apply.
// Without JavaScript every field stays visible and the server checks the rules.
(function () {
  "use strict";

  function toggle(field, show) {
    const wrapper = field.closest(".mb-3") || field.parentElement;
    wrapper.hidden = !show;
    field.disabled = !show;
    if (!show) {
      field.value = "";
    }
  }

  function bind(controller, field, wanted) {
    if (!controller || !field) {
      return;
    }
    const update = () => toggle(field, controller.value === wanted);
    controller.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    // Mentee: the purpose only applies to an Aufenthaltserlaubnis.
    const purpose = document.querySelector("[data-show-if-status]");
    bind(
      document.getElementById("id_residence_status"),
      purpose,
      purpose && purpose.dataset.showIfStatus,
    );
    // Placement: qualification-adequate only applies to employment.
    const adequate = document.querySelector("[data-only-for-kind]");
    bind(
      document.getElementById("id_kind"),
      adequate,
      adequate && adequate.dataset.onlyForKind,
    );
  });
})();
