// A file over the upload limit is refused as soon as it is chosen, before anything is sent:
// the admin's upload fields carry the limit (data-max-bytes) and Wagtail's message for it
// (data-too-large), hub.uploads. The file is taken off the field and the message shown where
// the field's errors go, in place of earlier ones: one message per refusal. The server
// refuses such a file the same way when this script does not run.
(function () {
  "use strict";

  var SELECTOR = 'input[type="file"][data-max-bytes]';

  function tooLarge(input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    if (!limit || !input.files) {
      return false;
    }
    return Array.prototype.some.call(input.files, function (file) {
      return file.size > limit;
    });
  }

  function errorsOf(input) {
    var field = input.closest("[data-field]");
    return field ? field.querySelector("[data-field-errors]") : null;
  }

  function refuse(input) {
    input.value = "";
    input.setAttribute("aria-invalid", "true");
    var message = document.createElement("p");
    message.className = "error-message hub-upload-refusal";
    message.setAttribute("role", "alert");
    message.textContent = input.getAttribute("data-too-large");
    var errors = errorsOf(input);
    if (errors) {
      errors.textContent = "";
      errors.appendChild(message);
      errors.closest("[data-field]").classList.add("w-field--error");
    } else {
      var old = input.parentNode.querySelector(".hub-upload-refusal");
      if (old) {
        old.remove();
      }
      input.insertAdjacentElement("afterend", message);
    }
  }

  function accept(input) {
    input.removeAttribute("aria-invalid");
    var scope = input.closest("[data-field]") || input.parentNode;
    var refusal = scope.querySelector(".hub-upload-refusal");
    if (refusal) {
      refusal.remove();
      var field = input.closest("[data-field]");
      if (field) {
        field.classList.remove("w-field--error");
      }
    }
  }

  // Capturing: choosers' upload forms arrive in modals after the page has loaded.
  document.addEventListener(
    "change",
    function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || !input.matches(SELECTOR)) {
        return;
      }
      if (tooLarge(input)) {
        refuse(input);
      } else {
        accept(input);
      }
    },
    true
  );

  document.addEventListener(
    "submit",
    function (event) {
      var inputs = event.target.querySelectorAll ? event.target.querySelectorAll(SELECTOR) : [];
      var refused = Array.prototype.filter.call(inputs, tooLarge);
      if (refused.length) {
        refused.forEach(refuse);
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
})();
