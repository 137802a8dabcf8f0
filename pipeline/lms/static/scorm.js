/* Reports a quiz's result to a SCORM 1.2 platform (pipeline/lms/scorm.py).
   The guide's quiz.js scores the quiz in the page, as in the web edition;
   this script finds the platform's API object by walking up window.parent,
   then window.opener, as the ADL's SCORM 1.2 Runtime Environment describes,
   and after each "Check my answers" sends the score out of 100 and passed
   or failed against the pass mark, then commits. LMSFinish is called when
   the page goes away. With no platform (offline), it does nothing. */
(function () {
  "use strict";

  function search(win) {
    var tries = 0;
    while (win && !win.API && win.parent && win.parent !== win && tries < 500) {
      tries += 1;
      win = win.parent;
    }
    return win && win.API ? win.API : null;
  }

  function findAPI() {
    var api = null;
    try { api = search(window); } catch (error) { api = null; }
    if (!api && window.opener) {
      try { api = search(window.opener); } catch (error) { api = null; }
    }
    return api;
  }

  var api = findAPI();
  var started = api !== null && String(api.LMSInitialize("")) === "true";
  var finished = false;
  if (started && api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
  }

  function finish() {
    if (started && !finished) {
      finished = true;
      api.LMSFinish("");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.quiz").forEach(function (quiz) {
      var check = quiz.querySelector("button.quiz-check");
      var result = quiz.querySelector("p.quiz-result");
      if (!check || !result) { return; }
      check.addEventListener("click", function () {
        if (!started || finished || result.dataset.score === undefined) { return; }
        var score = Number(result.dataset.score);
        api.LMSSetValue("cmi.core.score.min", "0");
        api.LMSSetValue("cmi.core.score.max", "100");
        api.LMSSetValue("cmi.core.score.raw", String(score));
        api.LMSSetValue("cmi.core.lesson_status", score >= Number(quiz.dataset.mark) ? "passed" : "failed");
        api.LMSCommit("");
      });
    });
  });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
}());
