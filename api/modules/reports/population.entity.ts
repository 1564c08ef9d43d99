import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';

/** A region's population in a year, as entered by council staff (the denominator of workforce ratios). */
export const PopulationFigureSchema = defineEntity({
  name: 'PopulationFigure',
  tableName: 'population_figure',
  uniques: [{ properties: ['region', 'year'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    region: p.string().length(120),
    year: p.integer(),
    population: p.bigint('number'),
    source: p.string().length(300).nullable(),
    updatedBy: p.uuid().nullable(),
    updatedAt: p.datetime(),
  },
});
export class PopulationFigure extends PopulationFigureSchema.class {}
PopulationFigureSchema.setClass(PopulationFigure);
