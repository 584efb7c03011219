package dev.parity.cli;

/** Input the user gave that cannot be used; the CLI prints the message and exits with 3. */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
