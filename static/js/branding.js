// The branding page: a colour picker beside the accent colour's text field, both kept in step, and the
// preview following the name and colour being chosen. Without JavaScript the text field alone does the job.
(function () {
  "use strict";
  var text = document.getElementById("id_accent_colour");
  var pickerField = document.querySelector("[data-accent-picker]");
  var picker = document.getElementById("accent-picker");
  if (!text || !pickerField || !picker) {
    return;
  }
  var colour = /^#[0-9a-f]{6}$/;

  function paint(value) {
    document.querySelectorAll("[data-accent]").forEach(function (element) {
      element.setAttribute("fill", value);
    });
  }

  pickerField.hidden = false;
  if (colour.test(text.value.trim().toLowerCase())) {
    picker.value = text.value.trim().toLowerCase();
  }
  picker.addEventListener("input", function () {
    text.value = picker.value;
    paint(picker.value);
  });
  var name = document.getElementById("id_name");
  var previewName = document.querySelector("[data-preview-name]");
  if (name && previewName) {
    name.addEventListener("input", function () {
      previewName.textContent = name.value;
    });
  }
  text.addEventListener("input", function () {
    var value = text.value.trim().toLowerCase();
    if (colour.test(value)) {
      picker.value = value;
      paint(value);
    }
  });
})();
