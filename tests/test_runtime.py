"""setup_notebook: seeds as a plain keras.utils.set_random_seed would (its warm-up draws no numbers a
notebook would see), and a masked recurrent step afterwards writes nothing to stderr (it would land
in a slide)."""

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
