namespace RasaPlatform.Benchmarks.Generation;

public sealed partial class BotDomain
{
    /// <summary>The shop-and-banking support bot the benchmarks use.</summary>
    public static BotDomain Default { get; } = new(
        DefaultIntents(), DefaultEntities(), DefaultUtterances(), DefaultCustomActions(), DefaultForms(),
        [new("shop-assistant", 0.6, 10), new("banking-assistant", 0.3, 10), new("support-bot-de", 0.1, 5)],
        [
            new("socketio", 0.35, SenderIdStyle.Hex), new("rest", 0.30, SenderIdStyle.Uuid),
            new("facebook", 0.15, SenderIdStyle.Facebook), new("telegram", 0.15, SenderIdStyle.Telegram),
            new("slack", 0.05, SenderIdStyle.Slack),
        ]);

    private static IntentDefinition Intent(string name, double weight, IntentHandling handling, string[] responses, params string[] examples) =>
        new(name, weight, handling, examples.Select(MessageTemplate.Parse).ToList(), responses);

    private static IntentDefinition FormIntent(string name, double weight, string form, params string[] examples) =>
        new(name, weight, IntentHandling.Form, examples.Select(MessageTemplate.Parse).ToList(), [], form);

    private static List<IntentDefinition> DefaultIntents() =>
    [
        Intent("greet", 10, IntentHandling.Rule, ["utter_greet"], "hi", "hello", "hey there", "good morning", "hallo", "hi, I need some help"),
        Intent("goodbye", 6, IntentHandling.Rule, ["utter_goodbye"], "bye", "goodbye", "see you later", "that's all, bye", "ciao"),
        Intent("affirm", 4, IntentHandling.Story, ["utter_great"], "yes", "yes please", "sure", "correct", "sounds good", "ja"),
        Intent("deny", 3, IntentHandling.Story, ["utter_ask_whatelse"], "no", "nope", "no thanks", "not really", "never mind"),
        Intent("thankyou", 5, IntentHandling.Rule, ["utter_you_are_welcome"], "thanks", "thank you!", "thanks a lot", "great, thank you", "danke"),
        Intent("bot_challenge", 2, IntentHandling.Rule, ["utter_iamabot"], "are you a bot?", "am I talking to a human?", "are you real", "is this a robot"),
        Intent("help", 3, IntentHandling.Rule, ["utter_help"], "help", "what can you do?", "I need help", "how does this work"),
        Intent("out_of_scope", 2, IntentHandling.Rule, ["utter_out_of_scope"], "tell me a joke", "what is the meaning of life", "can you order me a pizza", "who won the game yesterday"),
        Intent("how_are_you", 2, IntentHandling.Story, ["utter_im_fine"], "how are you?", "how is it going", "what's up"),
        Intent("mood_great", 2, IntentHandling.Story, ["utter_happy"], "I'm great", "feeling good today", "wonderful", "very good"),
        Intent("mood_unhappy", 1.5, IntentHandling.Story, ["utter_cheer_up", "utter_did_that_help"], "I'm sad", "not good", "this is so frustrating", "I am very unhappy"),
        Intent("check_weather", 5, IntentHandling.Story, ["action_check_weather"], "what's the weather in {city}", "weather {city} {date}", "will it rain in {city} {date}?", "how warm is it in {city}", "what's the weather like {date}"),
        FormIntent("book_flight", 3, "flight_form", "I want to book a flight", "book a flight to {city}", "I need a flight to {city} {date}", "find me flights to {city}", "can I fly somewhere {date}"),
        Intent("book_hotel", 2, IntentHandling.Story, ["action_search_hotels"], "I need a hotel in {city}", "book a room in {city} {date}", "find hotels in {city}", "hotel for {date}"),
        Intent("order_status", 6, IntentHandling.Story, ["action_order_status"], "where is my order {order_number}", "status of order {order_number}", "what's the status of my order?", "my order {order_number} has not arrived"),
        FormIntent("place_order", 4, "order_form", "I want to buy {product}", "order {amount} {product}", "I'd like to order something", "can I buy a {product}", "add {product} to my cart"),
        Intent("cancel_order", 2, IntentHandling.Story, ["action_cancel_order"], "cancel my order {order_number}", "I want to cancel my order", "please cancel order {order_number}"),
        Intent("track_package", 3, IntentHandling.Story, ["action_track_package"], "track my package", "track {order_number}", "where is my parcel {order_number}", "when will my package arrive"),
        Intent("return_product", 2, IntentHandling.Story, ["utter_return_policy", "action_create_return"], "I want to return my {product}", "how do I return a {product}", "return {product}", "the {product} is broken, I want a refund"),
        Intent("ask_price", 3, IntentHandling.Story, ["action_lookup_price"], "how much is the {product}", "price of {product}", "what does a {product} cost?", "is the {product} on sale"),
        Intent("product_info", 3, IntentHandling.Story, ["action_product_info"], "tell me about the {product}", "does the {product} come in black?", "{product} specs", "is the {product} waterproof"),
        Intent("check_balance", 3, IntentHandling.Story, ["action_check_balance"], "what's my balance", "how much money do I have", "show my account balance", "Kontostand"),
        FormIntent("transfer_money", 2, "transfer_form", "send {amount} to {recipient}", "I want to transfer money", "pay {recipient} {amount}", "transfer {amount}", "send money to {recipient}"),
        Intent("opening_hours", 2, IntentHandling.Story, ["utter_opening_hours"], "when are you open", "opening hours in {city}", "is the {city} store open {date}"),
        Intent("find_store", 2, IntentHandling.Story, ["action_find_store"], "is there a store in {city}", "nearest shop", "find a store near {city}"),
        Intent("change_address", 1, IntentHandling.Story, ["utter_change_address"], "I moved, how do I change my address", "update my delivery address", "change address"),
        Intent("contact_human", 2, IntentHandling.Rule, ["utter_handoff", "action_handoff"], "I want to talk to a human", "agent please", "let me speak to someone", "real person"),
        Intent("ask_payment_methods", 2, IntentHandling.Story, ["utter_payment_methods"], "can I pay with paypal", "which payment methods do you accept", "do you take credit cards"),
        Intent("ask_delivery_time", 2, IntentHandling.Story, ["utter_delivery_time"], "how long does delivery take", "how long to ship to {city}", "when will it be delivered"),
        Intent(InformIntent, 1, IntentHandling.Story, ["utter_noted"], "{city}", "{date}", "{product}", "{amount}", "to {recipient}", "in {city} please", "{date} would be good"),
        Intent(StopIntent, 0.5, IntentHandling.Rule, ["utter_ask_whatelse"], "stop", "cancel", "forget it", "I changed my mind"),
        Intent(RestartIntent, 0, IntentHandling.Rule, [], "/restart"),
        Intent(CorrectionIntent, 0, IntentHandling.Story, ["action_revert_last"], "that's not what I asked", "no, that's wrong", "undo that"),
        Intent(FallbackIntent, 0, IntentHandling.Rule, [], "asdfgh"),
    ];

    private static List<EntityDefinition> DefaultEntities() =>
    [
        new("city", "DIETClassifier", ["Berlin", "München", "Hamburg", "Paris", "London", "New York", "São Paulo", "Zürich", "Madrid", "Rome", "Tokyo", "Amsterdam", "Vienna", "Lisbon", "Prague", "Köln", "Kraków", "Oslo"]),
        new("date", "DIETClassifier", ["today", "tomorrow", "next monday", "on friday", "this weekend", "next week", "on the 12th", "in two weeks", "tonight"]),
        new("product", "DIETClassifier", ["laptop", "phone case", "headphones", "running shoes", "coffee machine", "backpack", "smartwatch", "e-reader", "monitor", "keyboard"]),
        new("amount", "DIETClassifier", ["1", "2", "5", "#0", "#00", "#5", "#50"], NumericSlot: true),
        new("order_number", "RegexEntityExtractor", ["A#####", "B#####", "#######"]),
        new("recipient", "DIETClassifier", ["Anna", "Ben", "mom", "Carlos", "Li Wei", "Zoë", "my landlord", "Fatima"]),
    ];

    private static List<UtteranceDefinition> DefaultUtterances() =>
    [
        new("utter_greet", ["Hey! How can I help you?", "Hello! What can I do for you today?"], [new("Track my order", "/track_package"), new("Check the weather", "/check_weather"), new("Talk to a human", "/contact_human")]),
        new("utter_goodbye", ["Bye!", "Goodbye, have a nice day!"]),
        new("utter_great", ["Great!", "Perfect."]),
        new("utter_ask_whatelse", ["Is there anything else I can help you with?", "What else can I do for you?"]),
        new("utter_you_are_welcome", ["You're welcome!", "Happy to help!"]),
        new("utter_iamabot", ["I am a bot, powered by Rasa."]),
        new("utter_help", ["I can track orders, check the weather, book flights and move money."], [new("Track an order", "/track_package"), new("Book a flight", "/book_flight"), new("Check my balance", "/check_balance")]),
        new("utter_out_of_scope", ["Sorry, I can't handle that request.", "I'm afraid I can't help with that."]),
        new("utter_im_fine", ["I'm doing great, thanks for asking!"]),
        new("utter_happy", ["Great, carry on!"]),
        new("utter_cheer_up", ["Here is something to cheer you up:"], Image: "https://i.imgur.com/nGF1K8f.jpg"),
        new("utter_did_that_help", ["Did that help you?"], [new("Yes", "/affirm"), new("No", "/deny")]),
        new("utter_return_policy", ["You can return any item within 30 days."]),
        new("utter_opening_hours", ["Our stores are open Monday to Saturday, 9:00 to 20:00."]),
        new("utter_change_address", ["You can change your address under Settings › Addresses."]),
        new("utter_handoff", ["Let me connect you with a colleague."]),
        new("utter_payment_methods", ["We accept credit cards, PayPal and invoice."]),
        new("utter_delivery_time", ["Delivery usually takes 2–4 working days."]),
        new("utter_noted", ["Noted."]),
        new("utter_default", ["Sorry, I didn't get that. Can you rephrase?", "I'm not sure I understand, could you say that differently?"]),
        new("utter_ask_city", ["Which city?", "Where to?"]),
        new("utter_ask_date", ["For which date?", "When?"], [new("Today", "/inform{\"date\": \"today\"}"), new("Tomorrow", "/inform{\"date\": \"tomorrow\"}")]),
        new("utter_ask_product", ["Which product would you like?"]),
        new("utter_ask_amount", ["How many / how much?"], [new("1", "/inform{\"amount\": 1}"), new("2", "/inform{\"amount\": 2}"), new("5", "/inform{\"amount\": 5}")]),
        new("utter_ask_recipient", ["Who should receive the money?"]),
    ];

    private static List<CustomActionDefinition> DefaultCustomActions() =>
    [
        new("action_check_weather", ["It is 18 °C and sunny in {city}.", "Expect rain in {city} {date}.", "{city}: 4 °C, cloudy."]),
        new("action_search_hotels", ["I found 12 hotels in {city} for {date}.", "There are no free rooms in {city} {date}."]),
        new("action_order_status", ["Order {order_number} has shipped.", "Order {order_number} is being packed.", "I can't find order {order_number}."]),
        new("action_cancel_order", ["Order {order_number} is cancelled.", "Order {order_number} has already shipped and can't be cancelled."]),
        new("action_track_package", ["Your parcel {order_number} arrives tomorrow.", "Parcel {order_number} is at the local depot."]),
        new("action_create_return", ["I created a return label for your {product}. Check your email."]),
        new("action_lookup_price", ["The {product} costs 129.99 €.", "The {product} is 20 % off this week."]),
        new("action_product_info", ["The {product} comes in black, white and blue.", "The {product} has a two-year warranty."]),
        new("action_check_balance", ["Your balance is 1,204.50 €.", "You have 87.12 € in your account."]),
        new("action_find_store", ["Our {city} store is at Hauptstraße 5.", "The nearest store to {city} is 12 km away."]),
        new("action_handoff", ["A colleague will join shortly."]),
        new("action_search_flights", ["I found 3 flights to {city} {date}. The cheapest is 89 €."], ResetSlotsChance: 0.3),
        new("action_submit_order", ["Your order of {amount} × {product} is placed."], ResetSlotsChance: 0.3),
        new("action_submit_transfer", ["Sent {amount} € to {recipient}."], ResetSlotsChance: 0.5),
        new("action_revert_last", ["Sorry, let me take that back."], Undoes: true),
    ];

    private static List<FormDefinition> DefaultForms() =>
    [
        new("flight_form", ["city", "date"], "action_search_flights"),
        new("order_form", ["product", "amount"], "action_submit_order"),
        new("transfer_form", ["amount", "recipient"], "action_submit_transfer"),
    ];
}
