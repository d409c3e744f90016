// What the city's web apps (the staff console, and the citizen portal after it) share: the HTTP
// client and its one error shape, accessible controls on React Aria, notices, times and their texts.
export * from './api';
export * from './controls';
export * from './notices';
export * from './time';
export { kitTexts } from './texts';
