/** The ways a provider may write a number: as given, and in international form without spaces. */
export const numbersOf = (from: string): string[] => {
  const given = from.trim();
  const compact = given.replace(/[\s().-]/g, '').replace(/^00/, '+');
  return [...new Set([given, compact])];
};
