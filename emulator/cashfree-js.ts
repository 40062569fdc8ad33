/**
 * Stand-in for https://sdk.cashfree.com/js/v3/cashfree.js. Defines the same global
 * (`window.Cashfree({mode}).checkout({paymentSessionId, redirectTarget})`) but sends the browser to
 * the emulator's hosted checkout instead of Cashfree's.
 */
export function cashfreeJsSource(emulatorOrigin: string): string {
  return `/* Cashfree emulator SDK stand-in. Not for production. */
(function () {
  "use strict";
  var EMULATOR_ORIGIN = ${JSON.stringify(emulatorOrigin)};
  function Cashfree(options) {
    var mode = options && options.mode;
    if (mode !== "sandbox" && mode !== "production") {
      console.warn("[cashfree-emulator] unexpected mode", mode);
    }
    return {
      emulator: true,
      mode: mode,
      version: function () { return "emulator"; },
      checkout: function (checkoutOptions) {
        var sessionId = checkoutOptions && checkoutOptions.paymentSessionId;
        if (!sessionId) {
          return Promise.resolve({
            error: { message: "paymentSessionId is required", code: "payment_session_id_invalid", type: "invalid_request_error" }
          });
        }
        var url = EMULATOR_ORIGIN + "/checkout/" + encodeURIComponent(sessionId);
        var target = checkoutOptions.redirectTarget;
        if (target === "_blank") window.open(url, "_blank");
        else if (target === "_top" && window.top) window.top.location.assign(url);
        else if (target === "_parent" && window.parent) window.parent.location.assign(url);
        else window.location.assign(url);
        return Promise.resolve({});
      },
      // Cashfree Subscriptions' hosted mandate checkout: subscriptionsCheckout({ subsSessionId, redirectTarget }).
      subscriptionsCheckout: function (subsOptions) {
        var subsSessionId = subsOptions && subsOptions.subsSessionId;
        if (!subsSessionId) {
          return Promise.resolve({
            error: { message: "subsSessionId is required", code: "subscription_session_id_invalid", type: "invalid_request_error" }
          });
        }
        var subsUrl = EMULATOR_ORIGIN + "/subscriptions/checkout/" + encodeURIComponent(subsSessionId);
        if (subsOptions.redirectTarget === "_blank") window.open(subsUrl, "_blank");
        else window.location.assign(subsUrl);
        return Promise.resolve({});
      }
    };
  }
  window.Cashfree = Cashfree;
})();
`;
}
