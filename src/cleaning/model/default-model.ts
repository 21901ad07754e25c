/**
 * The built-in model: what matching uses with no training. Its m and u come from runs of
 * trainModel on synthetic register persons against realistic-noise datasets drawn from
 * them, rounded, with the m of disagreements kept off zero (errors a sample did not show
 * still happen) and residence allowed to differ (people move; synthetic data rarely does).
 */
import { FIELD_LEVELS, type FieldName, type LinkModel, weightOf } from './model.js';

type Mu = readonly (readonly [number, number])[];

const field = (name: FieldName, mu: Mu, tf = false): LinkModel['fields'][number] => ({
  field: name,
  ...(tf ? { tf: true } : {}),
  levels: FIELD_LEVELS[name].map((level, i) => {
    const [m, u] = mu[i]!;
    return { level, m, u, weight: weightOf(m, u) };
  }),
});

/**
 * A fresh copy of the built-in model.
 *
 * @example
 *   const model = defaultModel(); model.thresholds.upper // 0.99
 */
export function defaultModel(): LinkModel {
  return {
    format: 'dancu-link-model',
    version: 1,
    description: 'Built-in model for Vietnamese person records against the population register',
    prior: { matchShare: 0.9, duplicateShare: 0.3 },
    thresholds: { upper: 0.99, lower: 0.5, margin: 5 },
    tf: { minimum: 0.0001 },
    blocking: [
      { name: 'pid', on: ['pid'], sufficient: true },
      { name: 'oldId', on: ['oldId'], sufficient: true },
      { name: 'otherId', on: ['otherId'], sufficient: true },
      { name: 'phone', on: ['phone'], maxBlock: 50 },
      // an ID number with one digit wrong or two swapped keeps one half intact
      { name: 'pid-serial', on: ['pidTail'], maxBlock: 50 },
      { name: 'pid-head+given', on: ['pidHead', 'given'], maxBlock: 200 },
      { name: 'dob+family', on: ['dob', 'familyClass'] },
      { name: 'dob+given', on: ['dob', 'given'] },
      { name: 'name+year', on: ['familyClass', 'given', 'year'] },
      { name: 'name+province', on: ['familyClass', 'middle', 'given', 'province'], maxBlock: 1000 },
      // partial or mistyped dates with a mistyped name
      { name: 'given+year+province', on: ['given', 'year', 'province'], maxBlock: 500 },
      {
        name: 'family+middle+year+province',
        on: ['familyClass', 'middle', 'year', 'province'],
        maxBlock: 500,
      },
    ],
    fields: [
      field(
        'family',
        [
          [0.975, 0.165],
          [0.002, 0.0005],
          [0.002, 0.002],
          [0.008, 0.0026],
          [0.008, 0.012],
          [0.005, 0.818],
        ],
        true,
      ),
      field(
        'middle',
        [
          [0.965, 0.09],
          [0.002, 0.0009],
          [0.004, 0.0003],
          [0.004, 0.001],
          [0.006, 0.005],
          [0.002, 0.0003],
          [0.017, 0.9025],
        ],
        true,
      ),
      field(
        'given',
        [
          [0.97, 0.0092],
          [0.002, 0.0013],
          [0.015, 0.006],
          [0.005, 0.033],
          [0.001, 0.0001],
          [0.007, 0.9504],
        ],
        true,
      ),
      field('dob', [
        [0.94, 0.00009],
        [0.035, 0.0003],
        [0.006, 0.00002],
        [0.005, 0.001],
        [0.005, 0.0026],
        [0.003, 0.012],
        [0.003, 0.026],
        [0.003, 0.95799],
      ]),
      field('sex', [
        [0.993, 0.5],
        [0.007, 0.5],
      ]),
      field('pid', [
        [0.96, 0.000001],
        [0.03, 0.00002],
        [0.01, 0.999979],
      ]),
      field('oldId', [
        [0.975, 0.000001],
        [0.01, 0.00002],
        [0.015, 0.999979],
      ]),
      field('otherId', [
        [0.95, 0.000001],
        [0.03, 0.00002],
        [0.02, 0.999979],
      ]),
      field('phone', [
        [0.8, 0.0001],
        [0.2, 0.9999],
      ]),
      field('place', [
        [0.55, 0.0015],
        [0.38, 0.02],
        [0.03, 0.02],
        [0.04, 0.9585],
      ]),
    ],
  };
}
