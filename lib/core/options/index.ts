export { warnDeprecatedOption } from './deprecated';
export { closestName } from './did-you-mean';
export * from './option-rules';
export { isPlainObject, valueText } from './value-text';
