"""What if: scenarios on the plan and the capacity-levelled proposal.

A scenario is a named overlay of changes (:mod:`.entries`); applied to the plan's graph
it gives a second graph (:mod:`.overlay`), which the review engine compares with the
plan. The levelling solver (:mod:`.levelling`) writes such a scenario itself: the moves
that take every role back under its capacity.
"""
