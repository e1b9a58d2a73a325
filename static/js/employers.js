// Employer form: "add another contact person" clones the formset's empty form.
// Without JavaScript the form still offers one empty contact person per save.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-formset-add]")) {
    const prefix = button.dataset.formsetAdd;
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const template = document.getElementById(`${prefix}-empty-form`);
    const list = document.getElementById(`${prefix}-forms`);
    if (!total || !template || !list) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__number__", String(index + 1));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const added = list.lastElementChild;
      const first = added && added.querySelector("input:not([type=hidden])");
      if (first) first.focus();
    });
  }
});
