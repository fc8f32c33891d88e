namespace Telephony.Domain; public static class Placeholder {}
