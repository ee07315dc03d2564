-- Assurance dimensions in a partnership's own words: only a county strategy group keeps seed 001's
-- "County co-ordination" and "Local links"; any other partnership that started with them (before the rule
-- in src/modules/plans/policy.ts, startingDimensions) gets the same dimension in its own terms. Ratings
-- stay with their dimension (only the name changes); a name the partnership already uses is left alone.

update assurance_dimensions d
set name = case d.name when 'County co-ordination' then 'Partnership co-ordination'
                       else 'Links with the county and neighbouring partnerships' end
from partnerships p
where p.id = d.partnership_id
  and p.kind <> 'strategy-group'
  and d.name in ('County co-ordination', 'Local links')
  and not exists (
    select 1 from assurance_dimensions other
    where other.partnership_id = d.partnership_id
      and lower(other.name) = lower(case d.name when 'County co-ordination' then 'Partnership co-ordination'
                                                else 'Links with the county and neighbouring partnerships' end)
  );
