export * from './roster-feed';
