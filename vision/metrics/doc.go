// Package metrics computes classification metrics on the host from true and
// predicted class indices: accuracy, the confusion matrix, per-class
// precision, recall and F1, their macro and support-weighted averages, and a
// text report laid out like scikit-learn's classification_report.
//
// Conventions follow scikit-learn: rows of the confusion matrix are true
// classes and columns predicted classes, and a ratio whose denominator is zero
// (a class never predicted, or never present) counts as 0, as with
// sklearn.metrics.f1_score(average="macro", zero_division=0). Macro averages
// include every class in [0, NumClasses), present or not, as sklearn does when
// given labels=range(NumClasses).
package metrics
