import type { ProbabilityStrings } from './lead-probability.js';

const zh: ProbabilityStrings = {
  chance: (percent) => `转化可能性 ${percent}`,
  why: '原因',
  whyOf: (name) => `${name} 得分的原因`,
  raises: '提高',
  lowers: '降低',
  none: '此线索与典型线索没有明显差别。',
};

export default zh;
