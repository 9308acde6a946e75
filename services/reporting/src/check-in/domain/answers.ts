import {
  exposureCategories,
  locationKinds,
  reportingTextLimits,
  symptoms as symptomList,
  temperatureRangeC,
  type CheckInAnswers,
  type CheckInLocation,
  type Symptom,
} from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { requireOneOf, requireText } from '../../rules/domain/formats';

/** The answers of a check-in as they come in (from a DTO or a test): checked, then normalised. */
export interface CheckInAnswersInput {
  location: { kind: unknown; province?: unknown; city?: unknown };
  health: { temperatureC: unknown; symptoms?: unknown };
  exposure: unknown;
}

function requireLocation(input: CheckInAnswersInput['location'] | undefined): CheckInLocation {
  const kind = requireOneOf(input?.kind, locationKinds, 'location.kind');
  if (kind !== 'off-campus') {
    if (input?.province !== undefined || input?.city !== undefined) {
      throw Rejection.invalid('location', `a location ${kind} has no province or city`);
    }
    return { kind };
  }
  return {
    kind,
    province: requireText(input?.province, 'location.province', reportingTextLimits.place),
    city: requireText(input?.city, 'location.city', reportingTextLimits.place),
  };
}

function requireTemperature(value: unknown): number {
  const { min, max } = temperatureRangeC;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw Rejection.invalid('health.temperatureC', 'health.temperatureC must be a number (°C)');
  }
  if (value < min || value > max) {
    throw Rejection.invalid(
      'health.temperatureC',
      `health.temperatureC must be between ${min} and ${max} °C, got ${value}`,
    );
  }
  // One decimal, as a thermometer reads: 36.50 and 36.5 are the same answer.
  return Math.round(value * 10) / 10;
}

function requireSymptoms(value: unknown): Symptom[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw Rejection.invalid('health.symptoms', 'health.symptoms must be a list ([] when normal)');
  }
  const named = value.map((s, i) => requireOneOf(s, symptomList, `health.symptoms.${i}`));
  // In the fixed list's order, each once: the same symptoms are the same answer.
  return symptomList.filter((s) => named.includes(s));
}

/** Checks and normalises a check-in's answers; each refusal names its field. */
export function requireAnswers(input: CheckInAnswersInput): CheckInAnswers {
  return {
    location: requireLocation(input.location),
    health: {
      temperatureC: requireTemperature(input.health?.temperatureC),
      symptoms: requireSymptoms(input.health?.symptoms),
    },
    exposure: requireOneOf(input.exposure, exposureCategories, 'exposure'),
  };
}

/**
 * Whether two (normalised) answers are word for word the same form: the same place, the same
 * temperature to the tenth, the same symptoms, the same exposure.
 */
export function sameAnswers(a: CheckInAnswers, b: CheckInAnswers): boolean {
  const [la, lb] = [a.location, b.location];
  if (la.kind !== lb.kind) return false;
  if (la.kind === 'off-campus' && lb.kind === 'off-campus') {
    if (la.province !== lb.province || la.city !== lb.city) return false;
  }
  const [sa, sb] = [a.health.symptoms, b.health.symptoms];
  return (
    a.health.temperatureC === b.health.temperatureC &&
    a.exposure === b.exposure &&
    sa.length === sb.length &&
    sa.every((s, i) => s === sb[i])
  );
}
