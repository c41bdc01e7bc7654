/**
 * Colours from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), chosen to stay
 * distinguishable with the common colour-vision deficiencies; every coloured category is also told
 * apart by shape, position or a text label, never by colour alone.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
} as const;

/** Block modality (rewarded target): the same two colours in every plot. */
export const MODALITY = {
  domain: ['vis', 'aud'],
  range: [OKABE_ITO.skyBlue, OKABE_ITO.orange],
  labels: { vis: 'visual block', aud: 'auditory block' } as Record<string, string>,
};

export const OUTCOMES = ['hit', 'miss', 'false alarm', 'correct reject', 'catch'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_COLOURS: Record<Outcome, string> = {
  hit: OKABE_ITO.bluishGreen,
  miss: OKABE_ITO.reddishPurple,
  'false alarm': OKABE_ITO.vermillion,
  'correct reject': OKABE_ITO.blue,
  catch: OKABE_ITO.grey,
};

export const METRIC_COLOURS = {
  dprime: OKABE_ITO.black,
  hitRate: OKABE_ITO.bluishGreen,
  falseAlarmRate: OKABE_ITO.vermillion,
  weight: OKABE_ITO.blue,
  water: OKABE_ITO.skyBlue,
};
