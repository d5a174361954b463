"""Figures the notebooks show; the only package that imports matplotlib and ipywidgets.

Every figure function draws on a new figure (or the ``ax`` given) and returns the
Figure, so notebooks can show it and tests can inspect it; ``draw_*`` functions are the
widgets' callbacks (they draw and show). One module per kind of figure, one style
(``style.STYLE``, applied on import):

- ``style``: STYLE (the font sizes as matplotlib settings), FONT, the class colours,
  layout helpers;
- ``neurons``: network diagrams, decision lines and regions, the activation gallery
  (01-02);
- ``descent``: learning-rate regimes, descent paths, loss curves, the optimizers' race
  (03, 05);
- ``kernels``: a photo through an image kernel, a kernel gallery (06);
- ``images``: the one image grid of numbers, feature maps, galleries, augmentation,
  digit grids (06-09, 11-12);
- ``pad``: the clickable 9x9 drawing pad that runs the X/O ConvNet (07);
- ``training``: learning curves (09);
- ``overfitting``: the dropout / weight-decay curves and their slider's callback (10);
- ``widgets``: ``interact`` with readable sliders (full labels, long tracks), for every
  notebook's widget;
- ``generative``, ``why_depth``, ``recurrent``, ``normalization``: the figures of
  notebooks 14, 15, 16 and 17, imported by module
  (``from deepstep.plot import why_depth``).
- ``classification``: an image beside its top-k labels (11), imported by module too.

This file only gathers the names.
"""

from .alt import alt_text, describe, set_alt_text
from .descent import (
    comparison,
    contour_paths,
    draw_comparison,
    draw_learning_rate,
    draw_momentum,
    learning_rate_figure,
    loss_curves,
    momentum_figure,
    surface_losses,
    trajectories,
)
from .images import (
    augmentation_preview,
    digit_grid,
    digit_rows,
    feature_maps,
    grid,
    grid_row,
    image_grid,
    letter_gallery,
    xo_pipeline,
)
from .kernels import draw_kernel, kernel_explorer, kernel_figure, kernel_gallery
from .neurons import (
    activation_gallery,
    decision_line,
    decision_regions,
    draw_decision_line,
    draw_xor_hidden,
    network_diagram,
    perceptron_epochs,
    xor_hidden_figure,
)
from .overfitting import draw_regularization, regularization_curves
from .pad import (
    drawing_pad,
    image_from_states,
    pad_result,
    states_from_image,
    vote_text,
)
from .style import CLASS_COLORS, COLORS, FONT, NEGATIVE, POSITIVE
from .training import learning_curves
from .widgets import interact

__all__ = [
    "CLASS_COLORS",
    "COLORS",
    "FONT",
    "NEGATIVE",
    "POSITIVE",
    "activation_gallery",
    "alt_text",
    "augmentation_preview",
    "comparison",
    "contour_paths",
    "decision_line",
    "decision_regions",
    "describe",
    "digit_grid",
    "digit_rows",
    "draw_comparison",
    "draw_decision_line",
    "draw_kernel",
    "draw_learning_rate",
    "draw_momentum",
    "draw_regularization",
    "draw_xor_hidden",
    "drawing_pad",
    "feature_maps",
    "grid",
    "grid_row",
    "image_from_states",
    "image_grid",
    "interact",
    "kernel_explorer",
    "kernel_figure",
    "kernel_gallery",
    "learning_curves",
    "learning_rate_figure",
    "letter_gallery",
    "loss_curves",
    "momentum_figure",
    "network_diagram",
    "pad_result",
    "perceptron_epochs",
    "regularization_curves",
    "set_alt_text",
    "states_from_image",
    "surface_losses",
    "trajectories",
    "vote_text",
    "xo_pipeline",
    "xor_hidden_figure",
]
