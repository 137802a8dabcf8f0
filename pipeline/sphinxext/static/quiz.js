/* Self-assessment quizzes (pipeline/sphinxext/quiz.py): each option gets a
   radio button; "Check my answers" shows the feedback on every answer given
   and a score out of 100 against the course pass mark. Works offline and
   from the keyboard; all wording comes from the quiz's data attributes, in
   the page's language. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("section.quiz").forEach(function (quiz, quizIndex) {
    var text = quiz.dataset;
    var questions = Array.prototype.slice.call(quiz.querySelectorAll("div.quiz-question"));
    questions.forEach(function (question, questionIndex) {
      var stem = question.querySelector(".quiz-stem");
      stem.id = stem.id || "quiz-" + quizIndex + "-q" + questionIndex;
      var list = question.querySelector("ol.quiz-options");
      list.setAttribute("role", "radiogroup");
      list.querySelectorAll(":scope > li").forEach(function (item) { item.setAttribute("role", "none"); });
      list.setAttribute("aria-labelledby", stem.id);
      list.querySelectorAll("div.quiz-option").forEach(function (option, optionIndex) {
        var answer = option.querySelector(".quiz-answer p");
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "quiz-" + quizIndex + "-q" + questionIndex;
        input.id = input.name + "-o" + optionIndex;
        var label = document.createElement("label");
        label.htmlFor = input.id;
        while (answer.firstChild) { label.appendChild(answer.firstChild); }
        answer.appendChild(input);
        answer.appendChild(label);
        option.querySelector(".quiz-feedback").hidden = true;
      });
    });
    var check = document.createElement("button");
    check.type = "button";
    check.className = "quiz-check";
    check.textContent = text.check;
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "quiz-reset";
    reset.textContent = text.reset;
    var result = document.createElement("p");
    result.className = "quiz-result";
    result.setAttribute("role", "status");
    quiz.appendChild(check);
    quiz.appendChild(reset);
    quiz.appendChild(result);

    check.addEventListener("click", function () {
      var missing = questions.filter(function (q) { return !q.querySelector("input:checked"); }).length;
      if (missing) {
        result.textContent = text.unanswered.replace("{missing}", missing);
        return;
      }
      var right = 0;
      questions.forEach(function (question) {
        question.querySelectorAll("div.quiz-option").forEach(function (option) {
          var chosen = option.querySelector("input").checked;
          var correct = option.classList.contains("quiz-correct");
          option.querySelector(".quiz-feedback").hidden = !chosen;
          option.classList.toggle("quiz-chosen-right", chosen && correct);
          option.classList.toggle("quiz-chosen-wrong", chosen && !correct);
          if (chosen && correct) { right += 1; }
        });
      });
      var score = Math.round(100 * right / questions.length);
      var mark = Number(text.mark);
      result.textContent = text.score.replace("{score}", score).replace("{right}", right)
        .replace("{total}", questions.length) + " " +
        (score >= mark ? text.pass : text.fail).replace("{mark}", mark);
      result.dataset.score = score;
      result.classList.toggle("quiz-passed", score >= mark);
    });

    reset.addEventListener("click", function () {
      quiz.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      quiz.querySelectorAll("div.quiz-option").forEach(function (option) {
        option.querySelector(".quiz-feedback").hidden = true;
        option.classList.remove("quiz-chosen-right", "quiz-chosen-wrong");
      });
      result.textContent = "";
      delete result.dataset.score;
    });
  });
});
