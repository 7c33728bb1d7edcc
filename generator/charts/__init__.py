"""The review's charts: generic kinds bound to the fields ``model.yaml`` declares, each one a
small function of the dataset built with Altair.

Every chart has its declared title and one-sentence ``description`` (Vega-Lite puts it in the
SVG's aria-label) and comes with a text alternative: the numbers it shows, as a table readable
without JavaScript. Charts that only show counts are aggregated here, in pandas, so that the page
stays small whatever the number of cases; the data travel inline in the spec, never from the
internet.

The kinds: :func:`.counts.counts` (cases per value of a field), :func:`.distribution.distribution`
(the spread of a number by a field), :func:`.counts.location_map` (cases along the location
scheme), :func:`.timeline.timeline` (cumulative cases) and :func:`.linked.linked` (linked
views); :mod:`.common` holds what they share.

:mod:`.kinds` gives the figures of the declared charts (pandas and Altair); :mod:`.chart_render`
draws them with vl-convert, each distinct drawing once (cached in memory and on disk).
"""
