"""Checks for the exercises of notebooks/03_autoencoders.ipynb (autoencoders)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lecture5.exercises import Wrong, _array, _call, _count, _exercise, _n, _number, _unchanged

# ae.params: 784 -> 64 (ReLU) -> 10 -> 64 (ReLU) -> 784 (sigmoid), dense layers with biases
AE_LAYERS = [(784, 64), (64, 10), (10, 64), (64, 784)]
AE_PARAMS = sum(n_in * n_out + n_out for n_in, n_out in AE_LAYERS)          # 102 554


@_exercise("ae.params")
def _ae_params(answer: Any) -> str:
    weights = sum(n_in * n_out for n_in, n_out in AE_LAYERS)
    encoder = sum(n_in * n_out + n_out for n_in, n_out in AE_LAYERS[:2])
    _count(answer, AE_PARAMS, {
        weights: "zabrakło biasów: każdy neuron warstwy gęstej ma jeszcze wyraz wolny.",
        encoder: "to tylko koder; dekoder (10 → 64 → 784) też ma parametry.",
        AE_PARAMS - encoder: "to tylko dekoder; koder (784 → 64 → 10) też ma parametry.",
        AE_PARAMS - 784: "zabrakło biasów warstwy wyjściowej: każdy z 784 pikseli wyjścia ma swój bias.",
        weights + 64 + 10 + 64: "zabrakło biasów warstwy wyjściowej: każdy z 784 pikseli wyjścia ma swój bias.",
        784 * 10 + 10 + 10 * 784 + 784: "między wejściem a kodem jest jeszcze warstwa ukryta z 64 neuronami "
                                        "(i druga w dekoderze).",
    }, "policz każdą warstwę gęstą osobno: wejścia × neurony + neurony (biasy), potem zsumuj cztery warstwy.")
    return (f"(784·64 + 64) + (64·10 + 10) + (10·64 + 64) + (64·784 + 784) = {_n(AE_PARAMS)}; "
            "prawie wszystko to dwie warstwy przy 784 pikselach.")


@_exercise("ae.mask_noise")
def _ae_mask_noise(function: Callable) -> str:
    data_rng = np.random.default_rng(4)
    images = data_rng.uniform(0.05, 1.0, size=(2000, 784)).astype("float32")   # no pixel is 0 before masking
    for fraction in (0.3, 0.6):
        before = images.copy()
        first = _call(function, images, fraction, np.random.default_rng(1))
        _unchanged(before, images)
        noisy = _array(first, images.shape, f"obrazy {images.shape}, fraction={fraction}",
                       "Wynik ma kształt wejścia.")
        if not np.all((noisy == 0) | (noisy == images)):
            if np.all((noisy == 1) | (noisy == images)):
                raise Wrong("zamaskowany piksel ustawiamy na 0 (czarne tło MNIST), nie na 1.")
            raise Wrong("piksel ma albo zostać bez zmian, albo zostać wyzerowany — inne wartości to już inny szum.")
        zeroed = float(np.mean(noisy == 0))
        if abs(zeroed - (1 - fraction)) < 0.02 and fraction != 0.5:
            raise Wrong(f"fraction={fraction}: wyzerowano {zeroed:.0%} pikseli — fraction to część pikseli "
                        "*zerowanych*, nie zostawianych.")
        if abs(zeroed - fraction) > 0.02:
            raise Wrong(f"fraction={fraction}: wyzerowano {zeroed:.0%} pikseli, a powinno być ok. {fraction:.0%}.")
        masks = noisy == 0
        if np.all(masks == masks[0]):
            raise Wrong("każdy obraz ma tę samą maskę — losuj maskę o kształcie całej paczki, osobno dla "
                        "każdego obrazu (inaczej sieć uczy się, gdzie nie patrzeć).")
        again = _array(_call(function, images, fraction, np.random.default_rng(1)), images.shape, "drugie wywołanie")
        if not np.array_equal(again, noisy):
            raise Wrong("ten sam rng (to samo ziarno) daje inny szum — losuj z przekazanego rng "
                        "(rng.random(...)), nie z np.random.")
    clean = _array(_call(function, images, 0.0, np.random.default_rng(2)), images.shape, "fraction=0")
    if not np.array_equal(clean, images):
        raise Wrong("przy fraction=0 żaden piksel nie powinien się zmienić.")
    small = data_rng.uniform(0.05, 1.0, size=(3, 28, 28)).astype("float32")
    _array(_call(function, small, 0.25, np.random.default_rng(3)), small.shape, "obrazy (3, 28, 28)",
           "Funkcja ma działać dla dowolnego kształtu paczki.")
    return "około fraction pikseli wyzerowanych, osobno w każdym obrazie, wejście nietknięte, szum powtarzalny z rng."


def reference_psnr(x: np.ndarray, x_hat: np.ndarray) -> np.ndarray:
    mse = np.mean((x - x_hat).reshape(len(x), -1) ** 2, axis=1)
    return 10 * np.log10(1 / mse)


@_exercise("ae.psnr")
def _ae_psnr(function: Callable) -> str:
    rng = np.random.default_rng(8)
    for shape, noise in [((5, 784), 0.1), ((4, 28, 28), 0.05), ((1, 784), 0.3), ((6, 784), 0.02)]:
        x = rng.uniform(size=shape)
        per_image = rng.uniform(0.5, 2.0, size=(shape[0],) + (1,) * (len(shape) - 1))   # a different error per image
        x_hat = np.clip(x + rng.normal(scale=noise, size=shape) * per_image, 0, 1)
        before = (x.copy(), x_hat.copy())
        expected = reference_psnr(x, x_hat)
        what = f"obrazy {shape}"
        result = _call(function, x, x_hat)
        _unchanged(before[0], x)
        _unchanged(before[1], x_hat)
        if np.ndim(result) == 0 and shape[0] > 1:
            raise Wrong(f"{what}: wynik to jedna liczba — potrzeba PSNR każdego obrazu osobno, tablica ({shape[0]},).")
        if np.shape(result) == shape[1:] or np.shape(result) == (int(np.prod(shape[1:])),):
            raise Wrong(f"{what}: kształt wyniku {np.shape(result)} — to średnia po obrazach dla każdego piksela; "
                        "uśrednij po pikselach każdego obrazu.")
        if np.shape(result) == shape[:2] and len(shape) == 3:
            raise Wrong(f"{what}: kształt wyniku {np.shape(result)} — uśrednij po wszystkich pikselach obrazu "
                        "(po obu osiach 28×28), nie po jednym wierszu.")
        result = _array(result, expected.shape, what, "Jedna liczba na obraz.")
        if np.allclose(result, expected, rtol=1e-5):
            continue
        mse = 10 ** (-expected / 10)
        if np.allclose(result, -expected):
            raise Wrong("znak odwrócony: PSNR = 10·log10(1 / MSE) rośnie, gdy błąd maleje.")
        if np.allclose(result, np.log(1 / mse)) or np.allclose(result, 10 * np.log(1 / mse)):
            raise Wrong("to logarytm naturalny — decybele liczymy logarytmem dziesiętnym (np.log10).")
        if np.allclose(result, 10 * np.log10(1 / np.sqrt(mse))):
            raise Wrong("pod logarytmem jest RMSE — PSNR = 10·log10(1 / MSE) (albo 20·log10(1 / RMSE)).")
        raise Wrong(f"{what}: wartości się nie zgadzają (np. {result[0]:.2f} dB zamiast {expected[0]:.2f} dB); "
                    "PSNR = 10·log10(1 / MSE) dla pikseli w [0, 1], MSE — średnia po pikselach jednego obrazu.")
    return "PSNR każdego obrazu osobno, dla obrazów spłaszczonych i 28×28."


def reference_auc(known: np.ndarray, new: np.ndarray) -> float:
    greater = (new[:, None] > known[None, :]).mean()
    ties = (new[:, None] == known[None, :]).mean()
    return float(greater + ties / 2)


@_exercise("ae.auc")
def _ae_auc(function: Callable) -> str:
    rng = np.random.default_rng(9)
    cases = [(np.array([0.1, 0.2, 0.3]), np.array([0.25, 0.4])),
             (np.array([1.0, 2.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])),       # ties count one half
             (rng.gamma(2.0, 0.01, size=300), rng.gamma(3.0, 0.01, size=200)),
             (np.array([0.5, 0.6]), np.array([0.1, 0.2, 0.3])),                 # every new error smaller: 0
             (np.array([5.0, 5.0]), np.array([5.0]))]                           # all tied: 1/2
    for known, new in cases:
        before = (known.copy(), new.copy())
        expected = reference_auc(known, new)
        what = f"known_errors ({len(known)}), new_errors ({len(new)})"
        value = _number(_call(function, known, new))
        _unchanged(before[0], known)
        _unchanged(before[1], new)
        if abs(value - expected) < 1e-9:
            continue
        if abs(value - (1 - expected)) < 1e-9 and abs(expected - 0.5) > 1e-9:
            raise Wrong(f"{what}: wynik {value:.3f} = 1 − AUC — role odwrócone: liczymy, jak często błąd *nowej* "
                        "cyfry jest większy niż błąd znanej.")
        strict = float((new[:, None] > known[None, :]).mean())
        ties = float((new[:, None] == known[None, :]).mean())
        if ties > 0 and abs(value - strict) < 1e-9:
            raise Wrong(f"{what}: remisy (równe błędy) liczą się za pół — inaczej AUC wychodzi zaniżone.")
        if ties > 0 and abs(value - (strict + ties)) < 1e-9:
            raise Wrong(f"{what}: remis to nie wygrana — liczy się za pół, nie za całość.")
        raise Wrong(f"{what}: wynik {value:.4f}, a powinno być {expected:.4f} — udział par (nowa, znana), "
                    "w których nowa cyfra ma większy błąd.")
    return "AUC = P(błąd nowej > błąd znanej), z remisami za pół — to samo co roc_auc_score."


def reference_kl(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)


@_exercise("ae.kl")
def _ae_kl(function: Callable) -> str:
    rng = np.random.default_rng(12)
    cases = [(np.zeros((2, 2)), np.zeros((2, 2))), (rng.normal(size=(5, 2)), rng.normal(scale=0.5, size=(5, 2))),
             (rng.normal(size=(3, 16)), rng.normal(size=(3, 16)))]
    for mu, log_var in cases:
        before = (mu.copy(), log_var.copy())
        expected = reference_kl(mu, log_var)
        what = f"μ i log σ² o kształcie {mu.shape}"
        result = _call(function, mu, log_var)
        _unchanged(before[0], mu)
        _unchanged(before[1], log_var)
        if np.ndim(result) == 0 and mu.shape[0] > 1:
            raise Wrong(f"{what}: wynik to jedna liczba — potrzeba KL każdego przykładu, tablica ({mu.shape[0]},).")
        if np.shape(result) == (mu.shape[1],) and mu.shape[0] != mu.shape[1]:
            raise Wrong(f"{what}: kształt {np.shape(result)} — sumuj po wymiarach kodu (axis=1), nie po przykładach.")
        result = _array(result, expected.shape, what, "Jedna liczba na przykład.")
        if np.allclose(result, expected):
            continue
        if np.allclose(result, -expected):
            raise Wrong("znak odwrócony: KL = −½·Σ(1 + log σ² − μ² − σ²) i nigdy nie jest ujemna.")
        if np.allclose(result, expected / mu.shape[1]):
            raise Wrong("to średnia po wymiarach kodu — KL rozkładów wielowymiarowych to suma po wymiarach.")
        if np.allclose(result, -0.5 * np.sum(1 + log_var - mu**2 - np.exp(0.5 * log_var), axis=1)):
            raise Wrong("σ² = exp(log σ²), a nie exp(½·log σ²) — to drugie to σ.")
        raise Wrong(f"{what}: wartości się nie zgadzają (np. {result[0]:.4f} zamiast {expected[0]:.4f}); "
                    "wzór ze slajdu: −½·Σ_j (1 + log σ_j² − μ_j² − σ_j²).")
    return "KL(N(μ, σ²) ‖ N(0, I)) dla każdego przykładu; zero tylko dla μ = 0 i σ = 1."


# ae.denoiser: a dense denoiser for masking noise, trained by the check on a small subset of MNIST
DENOISER = dict(train=6000, test=1000, fraction=0.5, epochs=4, batch=128, learning_rate=3e-3,
                max_params=150_000, min_gain=5.0)


def _all_layers(model) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        found += [layer] + _all_layers(layer)
    return found


def _masked(images: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    keep = np.random.default_rng(seed).random(images.shape) >= fraction
    return np.where(keep, images, 0.0).astype("float32")


@_exercise("ae.denoiser")
def _ae_denoiser(build_denoiser: Callable) -> str:
    import keras

    from lecture5.data import load_mnist

    rules = DENOISER
    keras.utils.set_random_seed(0)
    model = _call(build_denoiser)
    if not isinstance(model, keras.Model):
        raise Wrong(f"build_denoiser() ma zwrócić model Kerasa, a zwraca {type(model).__name__}.")
    if tuple(model.input_shape[1:]) != (784,):
        raise Wrong(f"wejście modelu {tuple(model.input_shape[1:])}, a obrazy są spłaszczone: keras.Input((784,)) "
                    "(obraz 28 × 28 da się odtworzyć w modelu warstwą Reshape).")
    if tuple(model.output_shape[1:]) != (784,):
        raise Wrong(f"wyjście modelu {tuple(model.output_shape[1:])}: odszumiacz zwraca cały obraz, 784 piksele.")
    params, limit = model.count_params(), rules["max_params"]
    if params > limit:
        raise Wrong(f"{_n(params)} parametrów, limit {_n(limit)}: każda warstwa gęsta przy 784 pikselach kosztuje "
                    "784 × neurony wag — weź węższą warstwę ukrytą (np. 64 neurony).")
    (x_train, _), (x_test, _) = load_mnist()
    clean = x_train[: rules["train"]].reshape(-1, 784).astype("float32") / 255
    clean_test = x_test[: rules["test"]].reshape(-1, 784).astype("float32") / 255
    noisy, noisy_test = _masked(clean, rules["fraction"], 1), _masked(clean_test, rules["fraction"], 2)
    start = np.asarray(keras.ops.convert_to_numpy(model(noisy_test[:64])), dtype=float)
    if np.any(start < 0) or np.any(start > 1):
        raise Wrong("wyjście wychodzi poza [0, 1]: piksele to jasności, ostatnia warstwa potrzebuje aktywacji "
                    "sigmoid.")
    keras.utils.set_random_seed(0)
    model.compile(optimizer=keras.optimizers.Adam(rules["learning_rate"]), loss="binary_crossentropy")
    model.fit(noisy, clean, epochs=rules["epochs"], batch_size=rules["batch"], verbose=0)
    restored = np.asarray(keras.ops.convert_to_numpy(model(noisy_test)), dtype=float)
    before = float(reference_psnr(clean_test, noisy_test).mean())
    after = float(reference_psnr(clean_test, np.clip(restored, 1e-7, 1)).mean())
    gain = after - before
    if not np.isfinite(gain) or gain < rules["min_gain"]:
        result = f"PSNR {before:.1f} dB → {after:.1f} dB, zysk {gain:+.1f} dB < {rules['min_gain']:.0f} dB"
        convolutions = (keras.layers.Conv2D, keras.layers.Conv2DTranspose)
        if not any(isinstance(layer, convolutions) for layer in _all_layers(model)):
            raise Wrong(f"{result}: zgaszony piksel trzeba odgadnąć z jego sąsiadów, a sieć gęsta nie wie, które "
                        "piksele sąsiadują — zamień obraz na (28, 28, 1) warstwą Reshape i użyj Conv2D (jak "
                        "odszumiacz w notatniku).")
        raise Wrong(f"{result} po {rules['epochs']} epokach: dodaj filtrów albo warstwę (z ReLU) — albo sprawdź, "
                    "czy dekoder wraca do pełnej rozdzielczości 28 × 28.")
    return (f"{_n(params)} parametrów; PSNR zaszumionych {before:.1f} dB → po odszumieniu {after:.1f} dB "
            f"(zysk {gain:+.1f} dB, wymagane {rules['min_gain']:.0f} dB).")
