package io.vox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFilesTest {
  @TempDir Path dir;

  @Test
  void everyFileAPlanNamesIsSentInline() throws Exception {
    Files.writeString(dir.resolve("users.csv"), "login\nu0\n");
    Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Files.writeString(dir.resolve("order.json"), "{\"user\":\"${user}\"}");
    byte[] photo = {(byte) 0xff, (byte) 0xd8, 0, 1, 2};
    Files.write(dir.resolve("photo.jpg"), photo);
    Path plan = dir.resolve("plan.json");
    Files.writeString(
        plan,
        """
        {"target": "https://shop.test", "users": 1, "tls": {"caFile": "ca.pem"},
         "feeders": [{"name": "creds", "csvFile": "users.csv"}],
         "connect": [{"request": {"method": "POST", "url": "/a", "bodyFile": "order.json"}}],
         "actions": [{"steps": [
           {"think": {"ms": 1}},
           {"request": {"method": "PUT", "url": "/b", "bodyFile": "photo.jpg", "raw": true}},
           {"request": {"method": "POST", "url": "/c", "multipart": [
             {"name": "title", "value": "${user}"},
             {"name": "photo", "file": "photo.jpg", "contentType": "image/jpeg"}]}}]}]}
        """);
    JsonObject out = Json.createReader(new StringReader(PlanFiles.inline(plan))).readObject();
    assertEquals("-----BEGIN CERTIFICATE-----\n", out.getJsonObject("tls").getString("ca"));
    assertFalse(out.getJsonObject("tls").containsKey("caFile"));
    assertEquals("login\nu0\n", out.getJsonArray("feeders").getJsonObject(0).getString("csv"));
    JsonObject login = out.getJsonArray("connect").getJsonObject(0).getJsonObject("request");
    assertEquals("{\"user\":\"${user}\"}", login.getString("body"));
    assertFalse(login.containsKey("bodyFile"));
    var steps = out.getJsonArray("actions").getJsonObject(0).getJsonArray("steps");
    JsonObject put = steps.getJsonObject(1).getJsonObject("request");
    assertEquals(Base64.getEncoder().encodeToString(photo), put.getString("bodyBase64"));
    assertFalse(put.containsKey("raw"));
    JsonObject part =
        steps.getJsonObject(2).getJsonObject("request").getJsonArray("multipart").getJsonObject(1);
    assertEquals(Base64.getEncoder().encodeToString(photo), part.getString("base64"));
    assertEquals("photo.jpg", part.getString("filename"));
    assertEquals("image/jpeg", part.getString("contentType"));
  }

  @Test
  void aPlanWithoutFilesIsSentAsWritten() throws Exception {
    Path plan = dir.resolve("plan.json");
    String text = "{ \"target\": \"http://h\", \"users\": 1, \"actions\": [] }";
    Files.writeString(plan, text);
    assertEquals(text, PlanFiles.inline(plan));
  }

  @Test
  void aMissingFileIsAnError() throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, "{\"tls\": {\"caFile\": \"nope.pem\"}}");
    assertThrows(IOException.class, () -> PlanFiles.inline(plan));
  }
}
