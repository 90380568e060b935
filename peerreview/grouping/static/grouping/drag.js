// Drag a network to another meeting (or onto a network of another meeting, to swap the two).
// Native HTML5 drag and drop; a drop fills in the page's hidden move form and submits it, so the
// server checks and scores every change exactly as it does for the "Move to" list beside each
// network, which keeps working without this script.
(function () {
  "use strict";
  const editor = document.querySelector("[data-grouping-editor]");
  const form = document.getElementById("grouping-drag-form");
  if (!editor || !form) {
    return;
  }
  let dragged = null;

  function groupOf(element) {
    const list = element.closest("[data-drop-group]");
    return list ? list.dataset.dropGroup : null;
  }

  function clearHighlights() {
    editor.querySelectorAll(".grouping-over").forEach((element) => element.classList.remove("grouping-over"));
  }

  function submitMove(target) {
    form.elements.network.value = dragged.dataset.network;
    form.elements.target.value = target;
    form.submit();
  }

  editor.addEventListener("dragstart", (event) => {
    const item = event.target.closest ? event.target.closest("[data-network]") : null;
    if (!item) {
      return;
    }
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    // Firefox starts a drag only when some data is set.
    event.dataTransfer.setData("text/plain", item.dataset.network);
    item.classList.add("opacity-50");
  });

  editor.addEventListener("dragend", () => {
    if (dragged) {
      dragged.classList.remove("opacity-50");
    }
    clearHighlights();
  });

  editor.addEventListener("dragover", (event) => {
    const list = event.target.closest ? event.target.closest("[data-drop-group]") : null;
    if (!dragged || !list || list.dataset.dropGroup === groupOf(dragged)) {
      return;
    }
    event.preventDefault(); // allows the drop here
    event.dataTransfer.dropEffect = "move";
    clearHighlights();
    const onto = event.target.closest("[data-network]");
    (onto || list).classList.add("grouping-over");
  });

  editor.addEventListener("drop", (event) => {
    const list = event.target.closest ? event.target.closest("[data-drop-group]") : null;
    if (!dragged || !list || list.dataset.dropGroup === groupOf(dragged)) {
      return;
    }
    event.preventDefault();
    const onto = event.target.closest("[data-network]");
    submitMove(onto ? "network-" + onto.dataset.network : "group-" + list.dataset.dropGroup);
  });
})();
