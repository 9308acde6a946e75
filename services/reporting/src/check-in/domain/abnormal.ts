import type { AbnormalReason, CheckInAnswers } from '@bulwark/contracts';

/**
 * Why a check-in is abnormal: a fever (temperature at or above the threshold), any symptom,
 * or a new exposure (an exposure other than none that the student's last check-in of an
 * earlier day did not report). [] for a normal check-in.
 */
export function abnormalReasonsOf(
  answers: CheckInAnswers,
  previous: CheckInAnswers | null,
  feverThresholdC: number,
): AbnormalReason[] {
  const reasons: AbnormalReason[] = [];
  if (answers.health.temperatureC >= feverThresholdC) reasons.push('fever');
  if (answers.health.symptoms.length > 0) reasons.push('symptoms');
  if (answers.exposure !== 'none' && answers.exposure !== previous?.exposure) {
    reasons.push('new-exposure');
  }
  return reasons;
}

/** What is reported as abnormal, as one string: the same finding is reported once a day. */
export function abnormalFindingKey(reasons: AbnormalReason[], answers: CheckInAnswers): string {
  return JSON.stringify([
    reasons,
    answers.health.temperatureC,
    answers.health.symptoms,
    answers.exposure,
  ]);
}
