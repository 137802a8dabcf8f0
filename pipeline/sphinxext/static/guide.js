/* Keep the reader's place when switching language: the section anchors
   are the same in every language, so carry the current #fragment over. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a.guide-lang-switch").forEach(function (link) {
    link.addEventListener("click", function () {
      link.href = link.href.split("#")[0] + window.location.hash;
    });
  });
});
