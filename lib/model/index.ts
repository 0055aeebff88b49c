export * from './exemplar-limit';
export * from './metric-family';
export * from './names';
export * from './number-format';
