import { BadRequestException } from '@nestjs/common';
import { CheckInBodyPipe, checkInBodyErrors } from './check-in-body';

const normal = {
  location: { kind: 'off-campus', province: 'Shaanxi', city: "Xi'an" },
  health: { temperatureC: 36.6, symptoms: [] },
  exposure: 'none',
};

const fields = (body: unknown) => checkInBodyErrors(body).map((e) => e.field);

describe('the check-in body at the edge', () => {
  it('takes a well-formed check-in as it is', () => {
    expect(checkInBodyErrors(normal)).toEqual([]);
    expect(checkInBodyErrors({ ...normal, location: { kind: 'on-campus' } })).toEqual([]);
    const full = { ...normal, studentNumber: 'S-1', day: '2022-01-05' };
    expect(new CheckInBodyPipe().transform(full)).toBe(full);
    expect(checkInBodyErrors({ ...normal, day: null, studentNumber: null })).toEqual([]);
  });

  it('names every bad field, each with its reason', () => {
    const errors = checkInBodyErrors({
      studentNumber: 'not a number!',
      day: '5 Jan',
      location: { kind: 'moon', city: '' },
      health: { temperatureC: 60, symptoms: ['sneezing', 'cough', 'cough'] },
      exposure: 'maybe',
    });
    expect(errors.map((e) => e.field)).toEqual([
      'studentNumber',
      'day',
      'location.kind',
      'location.city',
      'health.temperatureC',
      'health.symptoms',
      'health.symptoms',
      'exposure',
    ]);
    for (const e of errors) expect(e.reason).toMatch(/\w/);
  });

  it('refuses missing parts, wrong types and fields it does not know', () => {
    expect(fields(undefined)).toEqual(['body']);
    expect(fields([normal])).toEqual(['body']);
    expect(fields({ ...normal, location: undefined })).toEqual(['location']);
    expect(fields({ ...normal, health: 'fine' })).toEqual(['health']);
    expect(fields({ ...normal, health: { temperatureC: '36.6' } })).toEqual([
      'health.temperatureC',
    ]);
    expect(fields({ ...normal, health: { temperatureC: Number.NaN } })).toEqual([
      'health.temperatureC',
    ]);
    expect(fields({ ...normal, health: { temperatureC: 36.6, symptoms: 'cough' } })).toEqual([
      'health.symptoms',
    ]);
    expect(fields({ ...normal, location: { kind: 'off-campus', city: 'x'.repeat(51) } })).toEqual([
      'location.city',
    ]);
    expect(fields({ ...normal, mood: 'fine' })).toEqual(['mood']);
    expect(fields({ ...normal, location: { kind: 'on-campus', room: '101' } })).toEqual([
      'location.room',
    ]);
    expect(fields({ ...normal, exposure: undefined })).toEqual(['exposure']);
  });

  it('answers a bad body with 400, every field and a message', () => {
    const pipe = new CheckInBodyPipe();
    expect.assertions(3);
    try {
      pipe.transform({ ...normal, health: { temperatureC: 60 }, exposure: 'maybe' });
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      const body = (error as BadRequestException).getResponse() as {
        message: string;
        errors: { field: string }[];
      };
      expect(body.errors.map((e) => e.field)).toEqual(['health.temperatureC', 'exposure']);
      expect(body.message).toMatch(/health\.temperatureC: .*; exposure: /);
    }
  });
});
