namespace Telephony.Infrastructure; public static class Placeholder {}
