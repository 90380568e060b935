// Reorder agenda items by dragging; the order is posted as the existing reorder form (the arrow
// buttons do the same without JavaScript), so the server checks and stores it like any change.
(function () {
  "use strict";
  const list = document.getElementById("agenda-items");
  if (!list) return;
  const form = document.getElementById(list.dataset.orderForm);
  let dragged = null;

  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".agenda-item");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.item);
    dragged.classList.add("opacity-50");
  });
  list.addEventListener("dragover", (event) => {
    const over = event.target.closest(".agenda-item");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", (event) => event.preventDefault());
  list.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("opacity-50");
    dragged = null;
    const order = Array.from(list.querySelectorAll(".agenda-item")).map((li) => li.dataset.item).join(",");
    if (order !== form.elements.order.value) {
      form.elements.order.value = order;
      form.submit();
    }
  });
})();
