"""setup_notebook: seeds as a plain keras.utils.set_random_seed would (its warm-up draws no numbers a
notebook would see), and a masked recurrent step afterwards writes nothing to stderr (it would land
in a slide); figures use a colour-blind-safe palette."""

import subprocess
import sys

DRAW = ("import keras; "
        "print(keras.ops.convert_to_numpy(keras.layers.Dense(3)(keras.ops.ones((1, 2)))).round(6).tolist())")


def run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PATH": "", "KERAS_BACKEND": "tensorflow", "LECTURE5_SEED": "5"})


def test_setup_notebook_seeds_like_set_random_seed():
    after_setup = run("from lecture5.runtime import setup_notebook; setup_notebook(0); " + DRAW).stdout
    plain = run("import keras; keras.utils.set_random_seed(5); " + DRAW).stdout
    assert after_setup == plain and after_setup.strip()


def test_setup_notebook_leaves_layer_names_alone():
    """model.summary() shows layer names, and nbval compares it: the warm-up must not shift them."""
    names = run("from lecture5.runtime import setup_notebook; setup_notebook(0); import keras; "
                "print(keras.layers.GRU(2).name, keras.layers.LSTM(2).name, keras.layers.Dense(2).name)")
    assert names.stdout.split() == ["gru", "lstm", "dense"]


def test_masked_recurrent_step_prints_nothing_after_setup():
    result = run("from lecture5.runtime import setup_notebook; setup_notebook(0); import numpy as np, keras; "
                 "keras.layers.GRU(2)(np.zeros((1, 3, 2), 'float32'), mask=np.array([[True, True, False]])); "
                 "print('done')")
    assert result.stdout.strip() == "done" and result.stderr == "", result.stderr


def test_plots_use_the_colour_blind_safe_palette():
    """Every notebook's figures cycle through Okabe & Ito's colours, and no notebook asks for the
    red/green pairs of matplotlib's default palette by name (issue 13: readable for colour-blind
    viewers and in greyscale handouts)."""
    from lecture5.runtime import COLORBLIND_SAFE

    colours = run("from lecture5.runtime import setup_notebook; setup_notebook(0); import matplotlib; "
                  "print(','.join(matplotlib.rcParams['axes.prop_cycle'].by_key()['color']))").stdout
    assert colours.strip().lower().split(",") == [c.lower() for c in COLORBLIND_SAFE]


def test_figure_text_follows_the_slide_size():
    """Figure text at FIGURE_FONT_PT points (ticks, labels, legends, titles), FIGURE_DPI dots per inch."""
    from lecture5.runtime import FIGURE_DPI, FIGURE_FONT_PT

    out = run("from lecture5.runtime import setup_notebook; setup_notebook(0); import matplotlib as m; "
              "from matplotlib.font_manager import FontProperties as F; r = m.rcParams; "
              "print(r['figure.dpi'], *[F(size=r[k]).get_size_in_points() for k in ('font.size', "
              "'axes.titlesize', 'axes.labelsize', 'xtick.labelsize', 'ytick.labelsize', 'legend.fontsize')])")
    dpi, *sizes = map(float, out.stdout.split())
    assert dpi == FIGURE_DPI and min(sizes) == FIGURE_FONT_PT, out.stdout
