// Unicore's answer to a command (UM98x, UM96x "Commands and Logs" reference): the command echoed, then the result.
//
//          1                  2
//          |                  |
//  $command,c--c,response: c--c*hh
//  1 the command as received (it may hold commas: its fields are joined back)  2 `response: OK`, or the error
//
//  $command,config ins enable,response: OK*21      (fixtures/unicore-command-response.nmea)
//
// Its checksum takes the `$` in (the framer's UNICORE_RESPONSE). The address is lower case, so no talker: it is
// kept as a proprietary sentence (talker P), neutral in the receiver's cycle, and it names the receiver's maker.
import type { CommandResponseSentence } from "../../types.js";
import { type FieldContext, allFields } from "../fields.js";

const COMMAND_RESPONSE = "command" as const;

export function decodeCommandResponse(ctx: FieldContext): CommandResponseSentence {
  const f = ctx.frame;
  const fields = allFields(ctx);
  const last = fields[fields.length - 1] ?? "";
  return {
    sentenceId: COMMAND_RESPONSE,
    talker: "P",
    system: "unknown",
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
    command: fields.slice(1, -1).join(","),
    response: last.replace(/^response:\s*/i, ""),
  };
}
