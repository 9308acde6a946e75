import {
  cloudEventType,
  contexts,
  dataSchemaFor,
  parseCloudEventType,
  streamNameFor,
  streamSubjectsFor,
  subjectFor,
} from './subjects';

describe('subjects', () => {
  it('names the subject of an event type in its context', () => {
    expect(subjectFor('roster', 'StudentEnrolled')).toBe('bulwark.roster.StudentEnrolled');
  });

  it('adds the schema version to the CloudEvents type', () => {
    expect(cloudEventType('roster', 'StudentEnrolled', 1)).toBe(
      'bulwark.roster.StudentEnrolled.v1',
    );
    expect(cloudEventType('meals', 'MealDelivered', 12)).toBe('bulwark.meals.MealDelivered.v12');
  });

  it('names one JetStream stream per context', () => {
    expect(contexts.map(streamNameFor)).toEqual([
      'ROSTER',
      'REPORTING',
      'ISOLATION',
      'MEALS',
      'VOLUNTEERS',
    ]);
    expect(streamSubjectsFor('isolation')).toBe('bulwark.isolation.>');
  });

  it('names the data schema', () => {
    expect(dataSchemaFor('roster', 'BedFreed', 1)).toBe('urn:bulwark:schema:roster:BedFreed:v1');
  });

  it('refuses type names that would change what a subject matches', () => {
    for (const bad of ['Student.Enrolled', '>', 'Student*', 'studentEnrolled', '', 'A B']) {
      expect(() => subjectFor('roster', bad)).toThrow(TypeError);
    }
    expect(() => cloudEventType('roster', 'BedFreed', 0)).toThrow(TypeError);
    expect(() => cloudEventType('roster', 'BedFreed', 1.5)).toThrow(TypeError);
  });

  it('reads a CloudEvents type back', () => {
    expect(parseCloudEventType('bulwark.roster.StudentEnrolled.v2')).toEqual({
      context: 'roster',
      eventType: 'StudentEnrolled',
      version: 2,
    });
    expect(parseCloudEventType('bulwark.audit.StudentEnrolled.v1')).toBeNull();
    expect(parseCloudEventType('bulwark.roster.StudentEnrolled')).toBeNull();
    expect(parseCloudEventType('com.example.roster.StudentEnrolled.v1')).toBeNull();
  });
});
