import { privateEventTypes, privateEventTypesOf } from './private-events';
import { contexts } from './subjects';

describe('private event types', () => {
  it('are declared for every context', () => {
    expect(Object.keys(privateEventTypes).sort()).toEqual([...contexts].sort());
  });

  it('are read per context, and none for a name that is not a context', () => {
    for (const context of contexts)
      expect(privateEventTypesOf(context)).toBe(privateEventTypes[context]);
    expect(privateEventTypesOf('audit')).toEqual([]);
    expect(privateEventTypesOf('constructor')).toEqual([]);
  });
});
