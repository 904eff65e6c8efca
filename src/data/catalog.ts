// The fixed vocabulary generated runs draw from: business domains with their scenarios and dialogue, evals, simulators.
//
// Lines hold `{placeholders}` that the generator fills per call (see `fillLine` in generator.ts), so one
// scenario reads differently from call to call while staying on topic.

export interface ScenarioTemplate {
  name: string
  /** The dataset's `situation` cell. */
  situation: string
  /** The dataset's `outcome` cell, shown by the platform as "Ideal Outcome". */
  outcome: string
  /** Customer states the problem. */
  opener: string
  /** Agent asks for what it needs. */
  ask: string
  /** Customer gives it. */
  detail: string
  /** Agent acts on it. */
  resolve: string
  /** The provider's call summary. */
  summary: string
}

export interface Domain {
  companies: readonly string[]
  /** Completes the agent definition's name, e.g. "Northwind Billing Agent". */
  agentRole: string
  scenarios: readonly ScenarioTemplate[]
}

export const DOMAINS: readonly Domain[] = [
  {
    companies: ['Northwind Mobile', 'Bluewave Telecom', 'Acme Broadband'],
    agentRole: 'Billing',
    scenarios: [
      {
        name: 'Billing dispute - double charge',
        situation: 'Charged twice for the same monthly invoice',
        outcome: 'Duplicate charge refunded and confirmation email promised',
        opener: 'Hi, I was charged twice for my {month} bill and I want one of them refunded.',
        ask: 'I am sorry about that. Can you confirm the last four digits of the card that was charged?',
        detail: 'Sure, it ends in {last4}. Both charges were {amount}.',
        resolve: 'I can see both charges of {amount}. I have refunded the duplicate; it will be back on your card in three to five business days.',
        summary: 'Customer reported a duplicate {month} charge of {amount}; agent verified it and issued a refund.'
      },
      {
        name: 'Upgrade to unlimited data plan',
        situation: 'Keeps running out of data before the end of the month',
        outcome: 'Plan upgraded from the next billing cycle with the price confirmed',
        opener: 'Hey, I keep running out of data. What would it cost to move to the unlimited plan?',
        ask: 'Happy to help. Could you give me the account holder name and the phone number on the account?',
        detail: 'It is {first} {last}, and the number is the one I am calling from.',
        resolve: 'Thanks, {first}. Unlimited is {amount} a month. I have scheduled the upgrade from your next billing cycle on {date}.',
        summary: 'Customer upgraded to the unlimited plan at {amount}/month starting {date}.'
      },
      {
        name: 'Cancel subscription - retention offer',
        situation: 'Wants to cancel because a competitor is cheaper',
        outcome: 'Retention discount offered; cancellation processed only if refused',
        opener: 'I would like to cancel my service, I found a cheaper deal elsewhere.',
        ask: 'I am sorry to hear that. Before I do, may I ask what price you were offered?',
        detail: 'They quoted me about {amount} a month for the same thing.',
        resolve: 'I can match that with a twelve-month discount, starting on your next bill. Would you like to stay on that basis?',
        summary: 'Customer asked to cancel over price; agent offered a twelve-month discount to {amount}/month.'
      },
      {
        name: 'Roaming charges abroad',
        situation: 'Unexpected roaming charges after a trip',
        outcome: 'Charges explained and a travel pass credited as goodwill',
        opener: 'My last bill has roaming charges from my trip and they are way higher than I expected.',
        ask: 'Let me look into that. Which dates were you travelling?',
        detail: 'I was away from {date} for about a week.',
        resolve: 'I see {amount} in roaming for that week. Since the travel pass was not added, I have credited it back as a one-time courtesy.',
        summary: 'Customer disputed roaming charges of {amount}; agent credited them as a one-time courtesy.'
      },
      {
        name: 'Report a lost phone',
        situation: 'Phone lost on public transport, wants the line suspended',
        outcome: 'Line suspended and replacement SIM ordered',
        opener: 'I lost my phone on the train this morning and I need to block the line.',
        ask: 'I can do that right away. For security, can you confirm your date of birth?',
        detail: 'Yes, it is {birthday}.',
        resolve: 'Thank you. The line is suspended now and a replacement SIM is on its way to your address on file.',
        summary: 'Customer reported a lost phone; agent suspended the line and ordered a replacement SIM.'
      },
      {
        name: 'Slow home internet',
        situation: 'Home broadband much slower than the plan speed for days',
        outcome: 'Remote line test run and technician visit booked if it fails',
        opener: 'My home internet has been really slow for three days, I am barely getting anything.',
        ask: 'Sorry about that. Could you restart the router while I run a line test?',
        detail: 'Okay, I restarted it. The lights are back on now.',
        resolve: 'The test shows a fault on the line. I have booked a technician for {date} between eight and twelve.',
        summary: 'Customer reported slow broadband; line test failed and a technician was booked for {date}.'
      },
      {
        name: 'Update payment method',
        situation: 'Old card expired, wants to add a new one',
        outcome: 'New card saved and the failed payment retried',
        opener: 'My card expired and I think my last payment failed. Can I update it?',
        ask: 'Sure. Please read me the last four digits of the new card and its expiry month.',
        detail: 'It ends in {last4} and expires in {month}.',
        resolve: 'The new card is saved and I have retried the payment of {amount}; it went through.',
        summary: 'Customer replaced an expired card; failed payment of {amount} retried successfully.'
      },
      {
        name: 'Port number to new carrier',
        situation: 'Leaving and needs the number transfer code',
        outcome: 'Transfer code issued and final bill explained',
        opener: 'I am switching providers and I need the code to keep my number.',
        ask: 'I can send that. Can you confirm the billing postcode on the account?',
        detail: 'It is {zip}.',
        resolve: 'Thanks. Your transfer code is {ref}, valid for thirty days. Your final bill will be prorated to the switch date.',
        summary: 'Customer requested a number transfer code; code {ref} issued.'
      }
    ]
  },
  {
    companies: ['Shopwell', 'Cartwright & Co', 'Parcel Lane'],
    agentRole: 'Customer Support',
    scenarios: [
      {
        name: 'Change delivery address',
        situation: 'Moved house after placing an order',
        outcome: 'Address changed before dispatch',
        opener: 'Hi, can I change the delivery address on an order I placed yesterday?',
        ask: 'Of course. What is the order number?',
        detail: 'It is {order}. The new address is {street}, {city}.',
        resolve: 'Done: order {order} will now go to {street}, {city}. It has not shipped yet, so there is no extra charge.',
        summary: 'Customer changed the delivery address of order {order} to {city} before dispatch.'
      },
      {
        name: 'Where is my order',
        situation: 'Order is two days past its estimated delivery date',
        outcome: 'Tracking status explained and a new delivery date given',
        opener: 'My order was supposed to arrive two days ago and the tracking has not moved.',
        ask: 'Sorry for the wait. Could you give me the order number?',
        detail: 'Yes, it is {order}.',
        resolve: 'Order {order} was held at the regional depot. It is back in transit and should arrive on {date}.',
        summary: 'Customer chased late order {order}; new delivery date {date} given.'
      },
      {
        name: 'Return a damaged item',
        situation: 'Item arrived broken',
        outcome: 'Prepaid return label sent and replacement shipped',
        opener: 'The lamp I ordered arrived with the base cracked. I want to return it.',
        ask: 'I am sorry it arrived like that. What is the order number, and would you like a refund or a replacement?',
        detail: 'Order {order}. A replacement, please.',
        resolve: 'I have emailed you a prepaid return label and a replacement ships today. No need to wait for the return.',
        summary: 'Damaged item on order {order}; return label emailed and replacement shipped.'
      },
      {
        name: 'Refund not received',
        situation: 'Returned an item two weeks ago, refund still missing',
        outcome: 'Refund status checked and timeline confirmed',
        opener: 'I sent a return back two weeks ago and still have not seen my refund.',
        ask: 'Let me check. What is the order number for that return?',
        detail: 'It was order {order}, for {amount}.',
        resolve: 'The return was received and the refund of {amount} was issued today. Banks usually take up to five days to show it.',
        summary: 'Customer chased a refund of {amount} for order {order}; refund confirmed as issued.'
      },
      {
        name: 'Apply an expired coupon',
        situation: 'Coupon expired yesterday, wants it honoured',
        outcome: 'Agent follows policy: offers an alternative discount, does not apply the expired code',
        opener: 'I tried to use my discount code at checkout but it says it expired yesterday.',
        ask: 'I understand. What is the code, and what is in your cart?',
        detail: 'The code is SAVE{last4}, and it is a jacket for {amount}.',
        resolve: 'That code cannot be reactivated, but I can give you ten percent off this order with a new one-time code.',
        summary: 'Customer asked to use an expired coupon; agent offered a one-time ten percent code instead.'
      },
      {
        name: 'Cancel an order',
        situation: 'Ordered the wrong size',
        outcome: 'Order cancelled before shipping and refund confirmed',
        opener: 'I ordered the wrong size and I would like to cancel the order.',
        ask: 'No problem. Can you tell me the order number?',
        detail: 'Sure, {order}.',
        resolve: 'Order {order} is cancelled and you will be refunded {amount} to the original payment method.',
        summary: 'Customer cancelled order {order}; refund of {amount} confirmed.'
      },
      {
        name: 'Missing item in package',
        situation: 'One item of a multi-item order is missing',
        outcome: 'Missing item reshipped with express delivery',
        opener: 'My package arrived but one of the three items is missing.',
        ask: 'Sorry about that. Which order is it, and which item is missing?',
        detail: 'Order {order}, the phone case is not there.',
        resolve: 'I have reshipped the phone case with express delivery; it should arrive by {date}.',
        summary: 'Item missing from order {order}; reshipped express for {date}.'
      },
      {
        name: 'Gift card balance',
        situation: 'Wants to know the remaining balance on a gift card',
        outcome: 'Balance given without reading the full card number aloud',
        opener: 'Can you tell me how much is left on my gift card?',
        ask: 'Sure. Please read me the last four digits of the card.',
        detail: 'It ends in {last4}.',
        resolve: 'That card has {amount} left and it does not expire.',
        summary: 'Customer asked for a gift card balance; {amount} remaining.'
      }
    ]
  },
  {
    companies: ['Riverside Clinic', 'Oakview Health', 'Harbor Family Practice'],
    agentRole: 'Scheduling',
    scenarios: [
      {
        name: 'Book a new patient appointment',
        situation: 'First visit, flexible on time',
        outcome: 'Appointment booked and intake form sent',
        opener: 'Hi, I would like to book a first appointment as a new patient.',
        ask: 'Welcome! Can I have your full name and date of birth?',
        detail: 'It is {first} {last}, born {birthday}.',
        resolve: 'Thank you, {first}. You are booked for {date} at ten thirty, and I have emailed you the intake form.',
        summary: 'New patient {first} {last} booked for {date}; intake form sent.'
      },
      {
        name: 'Reschedule an appointment',
        situation: 'Conflict with work, needs a later date',
        outcome: 'Appointment moved and the old slot released',
        opener: 'I need to move my appointment next week, something came up at work.',
        ask: 'No problem. Can you confirm your name and date of birth?',
        detail: '{first} {last}, {birthday}.',
        resolve: 'I have moved you to {date} at two fifteen and released the old slot.',
        summary: 'Patient rescheduled to {date}.'
      },
      {
        name: 'Prescription refill request',
        situation: 'Running out of a regular medication',
        outcome: 'Refill request sent to the doctor; no medical advice given',
        opener: 'I am almost out of my blood pressure medication and need a refill.',
        ask: 'I can send a request to your doctor. Which pharmacy should it go to?',
        detail: 'The one on {street} in {city}.',
        resolve: 'The refill request is with your doctor and should reach the {city} pharmacy within two business days.',
        summary: 'Refill request sent to the doctor for pickup in {city}.'
      },
      {
        name: 'Insurance coverage question',
        situation: 'Unsure whether a procedure is covered',
        outcome: 'Agent checks the plan on file and explains the estimate',
        opener: 'Does my insurance cover the cleaning and X-rays you recommended?',
        ask: 'Let me check the plan on file. Can you confirm your member ID?',
        detail: 'It is {ref}.',
        resolve: 'Your plan covers the cleaning in full and X-rays at eighty percent, so your estimate is {amount}.',
        summary: 'Coverage checked for member {ref}; estimated out-of-pocket {amount}.'
      },
      {
        name: 'Cancel appointment - same day',
        situation: 'Sick on the day of the appointment',
        outcome: 'Cancellation recorded; late-cancel fee waived once',
        opener: 'I have a fever and need to cancel my appointment this afternoon.',
        ask: 'Sorry you are unwell. Can I have your name and date of birth?',
        detail: '{first} {last}, {birthday}.',
        resolve: 'It is cancelled. Same-day cancellations usually carry a fee, but I have waived it this time.',
        summary: 'Same-day cancellation for illness; fee waived.'
      },
      {
        name: 'Test results inquiry',
        situation: 'Waiting for lab results',
        outcome: 'Agent confirms results are ready without reading them; callback arranged',
        opener: 'I had blood work done last week. Are my results back?',
        ask: 'I can check that. Please confirm your full name and date of birth.',
        detail: '{first} {last}, {birthday}.',
        resolve: 'Your results are in. I cannot read them out, but the nurse will call you back on {date}.',
        summary: 'Patient asked about lab results; nurse callback arranged for {date}.'
      },
      {
        name: 'Update insurance details',
        situation: 'Changed employer and insurance plan',
        outcome: 'New insurance recorded before the next visit',
        opener: 'I changed jobs and have new insurance. Can I update it before my next visit?',
        ask: 'Yes. Who is the new insurer and what is the member ID?',
        detail: 'It is Meridian Health, member ID {ref}.',
        resolve: 'Thanks, the new plan is on file and will be used from your visit on {date}.',
        summary: 'Insurance updated to member ID {ref} ahead of the {date} visit.'
      },
      {
        name: 'Urgent symptoms - escalate to nurse',
        situation: 'Caller describes chest pain',
        outcome: 'Agent tells the caller to call emergency services and does not book a routine slot',
        opener: 'I have had chest pain since this morning, can I get an appointment today?',
        ask: 'Chest pain can be serious. Is the pain severe, or are you short of breath right now?',
        detail: 'It comes and goes, and I feel a bit short of breath.',
        resolve: 'Please hang up and call emergency services now. I am also flagging this to the on-call nurse.',
        summary: 'Caller reported chest pain and shortness of breath; advised to call emergency services.'
      }
    ]
  },
  {
    companies: ['Skyline Air', 'Coastal Airways', 'Jetstream Travel'],
    agentRole: 'Reservations',
    scenarios: [
      {
        name: 'Change flight date',
        situation: 'Needs to fly two days later than booked',
        outcome: 'Flight changed and fare difference explained',
        opener: 'I need to move my flight to two days later. Is that possible?',
        ask: 'Let me check. What is your booking reference?',
        detail: 'It is {ref}, under {first} {last}.',
        resolve: 'I can move you to {date} on the same route. The fare difference is {amount}.',
        summary: 'Booking {ref} moved to {date}; fare difference {amount}.'
      },
      {
        name: 'Lost baggage claim',
        situation: 'Checked bag did not arrive',
        outcome: 'Claim opened and delivery arranged when found',
        opener: 'My suitcase did not come out at the carousel in {city}.',
        ask: 'I am sorry. Can you give me the bag tag number on your boarding pass?',
        detail: 'The tag number is {ref}.',
        resolve: 'I have opened claim {ref}. The bag was tagged in transit and will be delivered to you once it lands.',
        summary: 'Lost bag claim {ref} opened for arrival in {city}.'
      },
      {
        name: 'Request a refund for a cancelled flight',
        situation: 'Airline cancelled the flight',
        outcome: 'Full refund to the original payment method',
        opener: 'You cancelled my flight and I want my money back, not a voucher.',
        ask: 'Of course. What is the booking reference?',
        detail: '{ref}.',
        resolve: 'The refund of {amount} is on its way to your original payment method; expect it within seven days.',
        summary: 'Cancelled flight {ref}; refund of {amount} issued.'
      },
      {
        name: 'Add checked bag',
        situation: 'Booked a fare without baggage',
        outcome: 'Bag added at the online price',
        opener: 'Can I add a checked bag to my booking?',
        ask: 'Sure. What is your booking reference and travel date?',
        detail: '{ref}, flying on {date}.',
        resolve: 'I have added one checked bag for {amount}; that is the same as the online price.',
        summary: 'Checked bag added to {ref} for {amount}.'
      },
      {
        name: 'Seat upgrade request',
        situation: 'Wants extra legroom on a long flight',
        outcome: 'Upgrade offered with the price stated before charging',
        opener: 'Are there any extra legroom seats left on my flight?',
        ask: 'Let me look. May I have your booking reference?',
        detail: 'It is {ref}.',
        resolve: 'There is an exit row seat for {amount}. Shall I charge the card on file?',
        summary: 'Customer asked for an upgrade on {ref}; exit row offered for {amount}.'
      },
      {
        name: 'Special assistance booking',
        situation: 'Travelling with a wheelchair',
        outcome: 'Assistance booked at both airports',
        opener: 'My father uses a wheelchair. Can we arrange help at the airport?',
        ask: 'Absolutely. What is the booking reference and his name?',
        detail: '{ref}, and his name is {first} {last}.',
        resolve: 'Wheelchair assistance is booked at departure and at {city} on arrival.',
        summary: 'Wheelchair assistance booked on {ref} through {city}.'
      },
      {
        name: 'Missed connection rebooking',
        situation: 'First leg delayed, connection missed',
        outcome: 'Rebooked on the next flight with a meal voucher',
        opener: 'My first flight was late and I missed my connection in {city}.',
        ask: 'I am sorry. What is your booking reference?',
        detail: '{ref}.',
        resolve: 'You are rebooked on the next flight this evening, and I have added a meal voucher to your booking.',
        summary: 'Missed connection in {city}; customer rebooked with a meal voucher.'
      },
      {
        name: 'Loyalty points missing',
        situation: 'Points not credited for a recent trip',
        outcome: 'Missing points claimed with the ticket number',
        opener: 'I flew last month but the miles never showed up in my account.',
        ask: 'Let me fix that. What is the ticket number?',
        detail: 'It is {ref}.',
        resolve: 'I found the trip and submitted the missing miles; they will post within forty-eight hours.',
        summary: 'Missing loyalty miles claimed for ticket {ref}.'
      }
    ]
  }
]

/** Turn pairs (customer, agent) that can follow any scenario's resolution. */
export const FOLLOW_UPS: readonly (readonly [string, string])[] = [
  ['Will I get an email confirming that?', 'Yes, a confirmation email is on its way to the address on file.'],
  ['How long will that take?', 'Usually three to five business days, and you will get a notification when it is done.'],
  ['Can you give me a reference number?', 'Of course, your reference is {ref}.'],
  ['Is there anything else I need to do?', 'No, you are all set. Nothing else is needed on your side.'],
  ['Sorry, can you repeat that?', 'Sure. {repeat}'],
  ['Okay. And will this affect my next bill?', 'No, your next bill will not change because of this.']
]

export const CLOSINGS: readonly (readonly [string, string])[] = [
  ['That is everything, thanks.', 'You are welcome, {first}. Have a great day!'],
  ['Great, thank you for your help.', 'My pleasure. Thanks for choosing {company}.'],
  ['Okay, thanks. Bye.', 'Thanks for getting in touch, {first}. Goodbye.']
]

export const AGENT_FIRST_NAMES = ['Ava', 'Max', 'Nora', 'Leo', 'Maya', 'Sam'] as const

export interface EvalTemplate {
  name: string
  type: 'Pass/Fail' | 'score' | 'choices'
  /** For `choices` evals: the labels the judge picks from. */
  choices?: readonly string[]
  /** For `choices` evals: whether more than one label can be picked. */
  multiple?: boolean
}

export const EVALS: readonly EvalTemplate[] = [
  { name: 'Task Completion', type: 'Pass/Fail' },
  { name: 'Goal Reached', type: 'Pass/Fail' },
  { name: 'Is Polite', type: 'Pass/Fail' },
  { name: 'Tone', type: 'score' },
  { name: 'Instruction Adherence', type: 'score' },
  { name: 'Conversation Coherence', type: 'score' },
  { name: 'Response Qualities', type: 'choices', choices: ['Helpful', 'Polite', 'Concise', 'Accurate', 'Empathetic'], multiple: true },
  { name: 'Customer Sentiment', type: 'choices', choices: ['Positive', 'Neutral', 'Negative'], multiple: false }
]

/** Judge reasons by outcome; `{scenario}` is the scenario name. */
export const EVAL_REASONS = {
  good: [
    'The agent resolved the request and confirmed the next steps.',
    'Clear, accurate answers; the customer confirmed the outcome.',
    'The agent verified the customer before acting and stayed on topic.'
  ],
  bad: [
    'The agent did not confirm the outcome before ending the call.',
    'The agent skipped the verification step required for "{scenario}".',
    'Responses were repetitive and the customer had to ask twice.'
  ],
  error: [
    "Column mapping mismatch: Column 'outcome' is not available in the test scenario(s).",
    'Evaluation timed out after 120 seconds.',
    'LLM judge returned an unparseable response.'
  ]
} as const

export const SIMULATOR_AGENTS = [
  'Frustrated Customer',
  'Polite Shopper',
  'Confused Senior',
  'Impatient Professional',
  'Chatty Regular',
  'Skeptical First-Timer'
] as const

export const VOICE_PROVIDERS = ['vapi', 'retell', 'livekit', 'eleven_labs'] as const

/** Ended reasons by situation (platform-contract §4.4). */
export const ENDED_REASONS = {
  voiceCompleted: ['customer-ended-call', 'assistant-ended-call', 'max-duration-reached'],
  textCompleted: ['Max conversation turns reached', 'Chat ended by simulator'],
  /** Voice calls that never connected. */
  voiceUnanswered: ['no-answer', 'customer-did-not-answer', 'Error: SIP 503 Service Unavailable from the destination'],
  /** Voice calls that broke off. */
  voiceDropped: ['silence-timed-out', 'Error: WebSocket connection to the provider closed unexpectedly', 'Error: Provider returned 500 while streaming audio'],
  textFailed: ['Error: LLM request timed out after 60 seconds', 'Error: Rate limit exceeded for the simulator model'],
  cancelled: 'Cancelled by user'
} as const
