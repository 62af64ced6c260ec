"""The API's JSON parser: DRF's, with the limits of ``core.json_limits`` (a 400, never a 500)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from .json_limits import UnacceptableJson, refuse_unacceptable


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        try:
            refuse_unacceptable(data)
        except UnacceptableJson as refusal:
            raise ParseError(
                {"detail": "The request body cannot be accepted.", "problems": refusal.problems}
            ) from None
        return data
