package dev.parity.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.parity.io.AtomicFiles;
import dev.parity.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;

/** Writes the weight inspector's result records as JSON (shapes as arrays, enums by their display names). */
final class WeightsJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Shape.class, new ShapeSerializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

    private WeightsJson() {
    }

    static void write(Path file, Object result) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(result);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static final class ShapeSerializer extends JsonSerializer<Shape> {
        @Override
        public void serialize(Shape s, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeArray(s.dims(), 0, s.rank());
        }
    }
}
