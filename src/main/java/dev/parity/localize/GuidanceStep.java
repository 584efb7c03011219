package dev.parity.localize;

/**
 * One Euler step checked against the recorded velocities.
 *
 * @param t time at the start of the step
 * @param dt step length {@code t_{k+1} − t_k}
 * @param residual {@code ‖Δx − dt·v‖ / ‖Δx‖} with {@code v = (1+w)·v_c − w·v_u} from the recorded output
 * @param fittedW the guidance weight that best explains the update: {@code ⟨Δx/dt − v_c, v_c − v_u⟩ / ‖v_c − v_u‖²}
 */
public record GuidanceStep(int step, double t, double dt, double residual, double fittedW) {
}
