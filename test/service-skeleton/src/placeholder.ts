export const skeleton = 1;
