/**
 * The rulebooks shipped with the product, keyed by city code. They seed a new installation;
 * after that the rulebook in force is whatever version an admin has saved (issue 4, phase 2).
 */
import type { Rules } from '../rulebook.contract.ts';
import { xian } from './xian.ts';
import { zhengzhou } from './zhengzhou.ts';

export const shippedRulebooks: Readonly<Record<string, Rules>> = Object.freeze({
  [zhengzhou.city.code]: zhengzhou,
  [xian.city.code]: xian,
});

export const defaultCityCode = zhengzhou.city.code;

export { xian, zhengzhou };
