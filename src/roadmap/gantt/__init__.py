"""The timeline (a Gantt chart of the milestones) drawn at build time as inline SVG.

- :mod:`~roadmap.gantt.model`: the chart's model read from the needs graph (lanes,
  bars, phases, dependencies) and the shapes a placed chart is made of;
- :mod:`~roadmap.gantt.layout`: where every shape and text goes (``gantt_layout``);
- :mod:`~roadmap.gantt.svg`: the SVG writer, which escapes every value;
- :mod:`~roadmap.gantt.textwidth`: how wide a label is, to wrap it at build time.

The view that puts the chart on a page is :mod:`roadmap.views.timeline`.
"""
