/** The query of the observations export: the API, the CSV download and (as options) `saferhub export observations`. */
import { z } from 'zod';

export const observationsQuery = z.object({
  indicator: z.string().min(1).describe('Indicator key, e.g. police-uk:burglary'),
  area: z.string().optional().describe('Only this area (ONS code)'),
  period: z.string().optional().describe('Only this period: 2017-05, 2020/21-Q3, 2016/17 or 2017'),
  benchmark: z.string().optional().describe('Compare with this area (ONS code), e.g. E92000001 for England'),
});
