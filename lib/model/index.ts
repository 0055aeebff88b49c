export * from './exemplar-limit';
export * from './metric-family';
export * from './name-escaping';
export * from './names';
export * from './number-format';
